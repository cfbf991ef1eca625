// One .NET process serving GET /web/health with no logging and no middleware: what Kestrel costs on this machine.
// usage: KestrelMinimal PORT
var port = int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture);
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, port));
var app = builder.Build();
app.MapGet("/web/health", () => Results.Text("{\"status\": \"pass\"}", "application/json"));
app.Run();
