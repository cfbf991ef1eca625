"""The oracle of the configuration tests: Python's own configparser.RawConfigParser, the parser Odoo reads its
configuration file with, used as Odoo uses it (default settings, read(), items()). For each file named on the command
line, prints one JSON object: what Python reads, or which error it raises at which lines. A file that starts with a
byte-order mark is read twice: as Odoo reads it (UTF-8) and with the mark removed (utf-8-sig)."""
import configparser
import json
import sys


def read(path, encoding):
    parser = configparser.RawConfigParser()
    try:
        parser.read([path], encoding=encoding)
    except configparser.MissingSectionHeaderError as e:
        return {"ok": False, "error": "MissingSectionHeaderError", "lines": [e.lineno]}
    except (configparser.DuplicateSectionError, configparser.DuplicateOptionError) as e:
        return {"ok": False, "error": type(e).__name__, "lines": [e.lineno]}
    except configparser.ParsingError as e:
        return {"ok": False, "error": "ParsingError", "lines": [line for line, _ in e.errors]}
    except UnicodeDecodeError as e:
        return {"ok": False, "error": "UnicodeDecodeError", "lines": []}
    sections = {name: dict(parser.items(name)) for name in parser.sections()}
    return {"ok": True, "defaults": dict(parser.defaults()), "sections": sections}


def main(paths):
    for path in paths:
        with open(path, "rb") as f:
            has_bom = f.read(3) == b"\xef\xbb\xbf"
        result = {"path": path, "odoo": read(path, "utf-8")}
        if has_bom:
            result["without_bom"] = read(path, "utf-8-sig")
        print(json.dumps(result, ensure_ascii=True))


if __name__ == "__main__":
    main(sys.argv[1:])
