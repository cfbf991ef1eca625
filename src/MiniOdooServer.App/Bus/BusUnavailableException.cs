namespace MiniOdooServer.App.Bus;

/// <summary>The store could not be reached or refused the operation; answered to clients as "bus.Bus unavailable".</summary>
public sealed class BusUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
