# Install mini-odoo on the PATH:   sudo make install            (into /usr/local/bin)
#                                  make install PREFIX=~/.local (no root)
# `install` publishes the native binary (Native AOT: clang, lld, zlib1g-dev and libsqlite3-dev from Debian), one
# self-contained file, and copies it to $(PREFIX)/bin. `install-files FROM=DIR` installs an existing build output
# instead: a native binary alone goes to $(PREFIX)/bin; a JIT build, or a native binary that needs libe_sqlite3.so
# (published without libsqlite3-dev), goes as a folder to $(PREFIX)/lib/mini-odoo with a link in $(PREFIX)/bin.
PREFIX ?= /usr/local
FROM ?= artifacts/native
bindir = $(DESTDIR)$(PREFIX)/bin
libdir = $(DESTDIR)$(PREFIX)/lib/mini-odoo

.PHONY: install publish install-files uninstall

install: publish install-files

publish:
	rm -f $(FROM)/libe_sqlite3.so
	dotnet publish src/MiniOdooServer -c Release -o $(FROM)

install-files:
	@test -x $(FROM)/mini-odoo || { echo "no mini-odoo in $(FROM): run make publish first" >&2; exit 1; }
	mkdir -p $(bindir)
	rm -rf $(libdir) $(bindir)/mini-odoo
	@if [ -e $(FROM)/mini-odoo.dll ] || [ -e $(FROM)/libe_sqlite3.so ]; then \
	  echo "$(FROM) is more than one file: installing the folder as $(libdir)"; \
	  mkdir -p $(libdir) && cp -R $(FROM)/. $(libdir)/ && rm -f $(libdir)/*.dbg && \
	  ln -s $(abspath $(libdir))/mini-odoo $(bindir)/mini-odoo; \
	else \
	  install -m 0755 $(FROM)/mini-odoo $(bindir)/mini-odoo; \
	fi
	@echo "installed $(bindir)/mini-odoo"

uninstall:
	rm -rf $(libdir) $(bindir)/mini-odoo
