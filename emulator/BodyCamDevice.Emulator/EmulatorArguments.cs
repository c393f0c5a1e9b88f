using BodyCamDevice.Firmware.Capture.Camera;

namespace BodyCamDevice.Emulator;

/// <param name="Port">Web UI and control API port on 127.0.0.1; 0 picks a free one.</param>
/// <param name="Headless">Serve only the control API: no page.</param>
/// <param name="Demo">Run the scripted demo scenario and exit.</param>
/// <param name="ConfigFile">JSON DeviceOptions; null for the defaults.</param>
/// <param name="ShowAudit">Print audit-trail entries as well as outputs and state.</param>
/// <param name="RecordingsDirectory">Where the capture pipeline writes clips and manifests, and the page lists them from.</param>
/// <param name="Camera">The camera the capture pipeline runs over: an ffmpeg one, or the virtual one.</param>
/// <param name="Encrypt">Encrypt the clips to the emulator's development store key (the page decrypts them to play).</param>
/// <param name="ConnectionFile">The evidence store's connection file the dock offloads to; null: docking only charges.</param>
internal sealed record EmulatorArguments(int Port, bool Headless, bool Demo, FileInfo? ConfigFile, bool ShowAudit, string RecordingsDirectory, CameraChoice Camera, bool Encrypt = false, FileInfo? ConnectionFile = null);

/// <param name="Camera">An ffmpeg camera (not the virtual one).</param>
/// <param name="PreSeconds">The pre-record window; the button is pressed once this much is buffered.</param>
/// <param name="RecordSeconds">How long to record after the recording started.</param>
internal sealed record CaptureArguments(CameraChoice Camera, double PreSeconds, double RecordSeconds, string RecordingsDirectory, FileInfo? ConfigFile);

/// <param name="Target">A control API base URL to run against instead of an in-process emulator.</param>
/// <param name="Token">Bearer token for a device in rig mode.</param>
/// <param name="VirtualTime">Force virtual time (in process only); null follows the file.</param>
/// <param name="RecordingsDirectory">Null: a temporary directory, removed afterwards.</param>
/// <param name="Camera">Null: the virtual camera (any clock); an ffmpeg camera needs real time.</param>
/// <param name="ConnectionFile">The evidence store a docked in-process emulator offloads to (real time only); null: docking only charges.</param>
internal sealed record ScenarioArguments(FileInfo File, bool? VirtualTime, Uri? Target, string? Token, FileInfo? ConfigFile, string? RecordingsDirectory, bool Trace, CameraChoice? Camera = null, FileInfo? ConnectionFile = null);
