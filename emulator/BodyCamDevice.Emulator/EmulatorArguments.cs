namespace BodyCamDevice.Emulator;

/// <param name="Demo">Run the scripted demo instead of reading keys.</param>
/// <param name="ConfigFile">JSON DeviceOptions; null for the defaults.</param>
/// <param name="ShowAudit">Print audit-trail entries as well as outputs and state.</param>
internal sealed record EmulatorArguments(bool Demo, FileInfo? ConfigFile, bool ShowAudit);
