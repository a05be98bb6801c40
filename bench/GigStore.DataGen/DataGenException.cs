namespace GigStore.DataGen;

/// <summary>A refusal to run, with a message for the person who ran the generator.</summary>
internal sealed class DataGenException(string message) : Exception(message);
