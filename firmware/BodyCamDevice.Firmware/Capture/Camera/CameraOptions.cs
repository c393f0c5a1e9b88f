// What the camera captures and how ffmpeg encodes it. Defaults are the device's: the Pi camera
// module at 1080p30, 8 Mbit/s H.264 with a keyframe every second, microphone on. The emulator and
// tests choose TestPattern or File and synthetic audio. DeviceOptionsValidator checks every field;
// whether FilePath exists is checked when the camera starts, because the file may appear later.
namespace BodyCamDevice.Firmware.Capture.Camera;

public sealed class CameraOptions
{
    public CameraSourceKind Source { get; set; } = CameraSourceKind.RpiCam;

    /// <summary>Video file played in a loop when <see cref="Source"/> is File (emulator, demos).</summary>
    public string? FilePath { get; set; }

    /// <summary>Device node read when <see cref="Source"/> is V4L2 (USB cameras, legacy Pi camera stack).</summary>
    public string V4L2Device { get; set; } = "/dev/video0";

    /// <summary>The rpicam-vid program (libcamera) used when <see cref="Source"/> is RpiCam.</summary>
    public string RpiCamPath { get; set; } = "rpicam-vid";

    /// <summary>Picture size in pixels; both even (4:2:0 chroma).</summary>
    public int Width { get; set; } = 1920;

    public int Height { get; set; } = 1080;

    /// <summary>Frames per second requested from the source.</summary>
    public int FrameRate { get; set; } = 30;

    /// <summary>Target video bitrate in kbit/s; also the rate-control maximum, with a one-second buffer.</summary>
    public int BitrateKbps { get; set; } = 8000;

    /// <summary>Time between IDR frames. The pre-record buffer evicts whole GOPs, so this is its granularity.</summary>
    public TimeSpan KeyframeInterval { get; set; } = TimeSpan.FromSeconds(1);

    public CameraEncoder Encoder { get; set; } = CameraEncoder.Auto;

    public CameraAudioOptions Audio { get; set; } = new();

    /// <summary>
    /// The ffmpeg executable; unset means "ffmpeg" on PATH. FFMpegCore runs the program named
    /// ffmpeg in a folder, so the file must be called ffmpeg.
    /// </summary>
    public string? FfmpegPath { get; set; }

    /// <summary>No video frame for this long while running means the camera stalled: the process is killed and the failure reported.</summary>
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Time allowed from starting ffmpeg to its first video frame (device probing, camera power-up).</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>After asking ffmpeg to quit ("q"), it is killed if still running after this long.</summary>
    public TimeSpan StopGracePeriod { get; set; } = TimeSpan.FromSeconds(2);

    public CameraRestartOptions Restart { get; set; } = new();
}

public sealed class CameraAudioOptions
{
    /// <summary>Records the microphone into the same MPEG-TS stream as the video.</summary>
    public bool Enabled { get; set; } = true;

    public AudioSourceKind Source { get; set; } = AudioSourceKind.Alsa;

    /// <summary>ALSA capture device name, as in <c>arecord -D</c>.</summary>
    public string AlsaDevice { get; set; } = "default";

    /// <summary>Samples per second (Hz).</summary>
    public int SampleRate { get; set; } = 48_000;

    /// <summary>AAC bitrate in kbit/s (mono).</summary>
    public int BitrateKbps { get; set; } = 96;

    /// <summary>
    /// Whether a recording keeps the audio of its pre-roll. The convention is no: the buffer holds
    /// audio either way, and the recording writer drops what precedes the trigger.
    /// </summary>
    public bool InPreRoll { get; set; }
}

/// <summary>Bounded exponential back-off between restarts of a failed camera.</summary>
public sealed class CameraRestartOptions
{
    /// <summary>Wait before the first restart; each further consecutive failure doubles it.</summary>
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaximumDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A run that delivered video this long counts as healthy: the next failure starts from <see cref="InitialDelay"/> again.</summary>
    public TimeSpan HealthyRunLength { get; set; } = TimeSpan.FromMinutes(1);
}

public enum CameraSourceKind
{
    /// <summary>ffmpeg's testsrc2 pattern with a running clock and a white flash once per second.</summary>
    TestPattern,

    /// <summary>A video file, looped forever at its own speed.</summary>
    File,

    /// <summary>A V4L2 capture device read by ffmpeg.</summary>
    V4L2,

    /// <summary>The Pi camera module through rpicam-vid, raw frames piped into ffmpeg.</summary>
    RpiCam,
}

public enum CameraEncoder
{
    /// <summary>The Pi 4's hardware encoder for live cameras on a Pi 4, libx264 everywhere else.</summary>
    Auto,

    Libx264,

    /// <summary>The V4L2 memory-to-memory hardware encoder (Pi 4; the Pi 5 has none).</summary>
    H264V4l2m2m,
}

public enum AudioSourceKind
{
    /// <summary>A 1 kHz tone for 100 ms once per second, in step with the test pattern's flash.</summary>
    Synthetic,

    Alsa,
}
