namespace BodyCamDevice.Emulator.Scenarios;

/// <summary>The scenario file is not valid; the message names the line and what is wrong.</summary>
internal sealed class ScenarioFormatException(string message) : Exception(message);

/// <summary>A step's expectation was not met (or the target refused a step); the message says what was seen.</summary>
internal sealed class ScenarioFailedException(string message) : Exception(message);
