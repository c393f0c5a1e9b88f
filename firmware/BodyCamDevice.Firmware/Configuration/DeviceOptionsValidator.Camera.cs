// Rules for DeviceOptions.Camera. Whether Camera.FilePath exists is left to the camera's start,
// which names the missing file: a configuration may be written before the file is copied.
using BodyCamDevice.Firmware.Capture.Camera;

namespace BodyCamDevice.Firmware.Configuration;

public static partial class DeviceOptionsValidator
{
    // Sample rates AAC defines; ffmpeg's encoder refuses others.
    private static readonly int[] AacSampleRates = [8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000];

    private static void ValidateCamera(CameraOptions camera, List<ConfigurationError> errors)
    {
        if (Defined("Camera.Source", camera.Source, errors))
        {
            ValidateCameraSource(camera, errors);
        }

        Defined("Camera.Encoder", camera.Encoder, errors);
        EvenSize("Camera.Width", camera.Width, errors);
        EvenSize("Camera.Height", camera.Height, errors);
        bool frameRateOk = camera.FrameRate is >= 1 and <= 120;
        if (!frameRateOk)
        {
            errors.Add(new("Camera.FrameRate", Number(camera.FrameRate), "must be from 1 to 120 frames per second"));
        }

        if (camera.BitrateKbps is < 100 or > 50_000)
        {
            errors.Add(new("Camera.BitrateKbps", Number(camera.BitrateKbps), "must be from 100 to 50000 kbit/s"));
        }

        if (camera.KeyframeInterval <= TimeSpan.Zero || camera.KeyframeInterval > TimeSpan.FromSeconds(10))
        {
            errors.Add(new("Camera.KeyframeInterval", Duration(camera.KeyframeInterval), "must be more than 0 and at most 10 seconds"));
        }
        else if (frameRateOk && camera.KeyframeInterval.Ticks * camera.FrameRate % TimeSpan.TicksPerSecond != 0)
        {
            // The GOP length is given to the encoder in frames and the forced keyframes in seconds;
            // they only agree on a whole number of frames.
            errors.Add(new("Camera.KeyframeInterval", Duration(camera.KeyframeInterval), $"must be a whole number of frames at Camera.FrameRate ({camera.FrameRate})"));
        }

        ValidateCameraAudio(camera.Audio, errors);
        if (camera.FfmpegPath is { } ffmpeg && FileSystemPath("Camera.FfmpegPath", ffmpeg, reserveBytes: 0, "the ffmpeg program", errors) && Path.GetFileName(ffmpeg) != "ffmpeg")
        {
            errors.Add(new("Camera.FfmpegPath", Quote(ffmpeg), "must be the path of a file named ffmpeg (FFMpegCore runs ffmpeg from that folder), or unset to use PATH"));
        }

        // A stall is no frame for this long: frames come 1/FrameRate apart and in bursts (the
        // encoder's output is read in blocks), so less than three frame intervals or a second
        // would kill a healthy camera. Starting takes seconds on a Pi (device probing, the
        // camera module powering up); a camera that is never given the time never records.
        var frameInterval = frameRateOk ? TimeSpan.FromSeconds(1.0 / camera.FrameRate) : TimeSpan.Zero;
        DurationIn("Camera.StallTimeout", camera.StallTimeout, Max(Seconds(1), 3 * frameInterval), TimeSpan.FromMinutes(1), errors);
        DurationIn("Camera.StartTimeout", camera.StartTimeout, Seconds(5), TimeSpan.FromMinutes(5), errors);
        if (camera.StopGracePeriod < TimeSpan.Zero || camera.StopGracePeriod > TimeSpan.FromSeconds(30))
        {
            errors.Add(new("Camera.StopGracePeriod", Duration(camera.StopGracePeriod), "must be from 0 to 30 seconds"));
        }

        var restart = camera.Restart;
        bool initialOk = DurationIn("Camera.Restart.InitialDelay", restart.InitialDelay, Milliseconds(10), TimeSpan.FromMinutes(1), errors);
        if (initialOk && restart.MaximumDelay < restart.InitialDelay)
        {
            errors.Add(new("Camera.Restart.MaximumDelay", Duration(restart.MaximumDelay), $"must not be shorter than Camera.Restart.InitialDelay ({Duration(restart.InitialDelay)})"));
        }
        else
        {
            DurationIn("Camera.Restart.MaximumDelay", restart.MaximumDelay, TimeSpan.Zero, TimeSpan.FromHours(1), errors);
        }

        DurationIn("Camera.Restart.HealthyRunLength", restart.HealthyRunLength, Seconds(1), TimeSpan.FromHours(24), errors);
    }

    private static void ValidateCameraSource(CameraOptions camera, List<ConfigurationError> errors)
    {
        // Each may reach the camera's command line, whichever source is chosen now.
        PlainText("Camera.FilePath", camera.FilePath, errors);
        PlainText("Camera.V4L2Device", camera.V4L2Device, errors);
        PlainText("Camera.RpiCamPath", camera.RpiCamPath, errors);
        switch (camera.Source)
        {
            case CameraSourceKind.File when string.IsNullOrWhiteSpace(camera.FilePath):
                errors.Add(new("Camera.FilePath", Quote(camera.FilePath), "must name a video file when Camera.Source is File"));
                break;
            case CameraSourceKind.V4L2 when camera.V4L2Device is null || !camera.V4L2Device.StartsWith("/dev/", StringComparison.Ordinal):
                errors.Add(new("Camera.V4L2Device", Quote(camera.V4L2Device), "must be a device node such as /dev/video0 when Camera.Source is V4L2"));
                break;
            case CameraSourceKind.RpiCam when string.IsNullOrWhiteSpace(camera.RpiCamPath):
                errors.Add(new("Camera.RpiCamPath", Quote(camera.RpiCamPath), "must name the rpicam-vid program when Camera.Source is RpiCam"));
                break;
        }
    }

    private static void ValidateCameraAudio(CameraAudioOptions audio, List<ConfigurationError> errors)
    {
        PlainText("Camera.Audio.AlsaDevice", audio.AlsaDevice, errors);
        if (Defined("Camera.Audio.Source", audio.Source, errors) && audio.Enabled
            && audio.Source == AudioSourceKind.Alsa && string.IsNullOrWhiteSpace(audio.AlsaDevice))
        {
            errors.Add(new("Camera.Audio.AlsaDevice", Quote(audio.AlsaDevice), "must name an ALSA capture device, e.g. default or hw:1,0"));
        }

        if (Array.IndexOf(AacSampleRates, audio.SampleRate) < 0)
        {
            errors.Add(new("Camera.Audio.SampleRate", Number(audio.SampleRate), $"must be one of {string.Join(", ", AacSampleRates)} Hz"));
        }

        if (audio.BitrateKbps is < 16 or > 320)
        {
            errors.Add(new("Camera.Audio.BitrateKbps", Number(audio.BitrateKbps), "must be from 16 to 320 kbit/s"));
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static void EvenSize(string field, int value, List<ConfigurationError> errors)
    {
        if (value is < 16 or > 4096)
        {
            errors.Add(new(field, Number(value), "must be from 16 to 4096 pixels"));
        }
        else if (value % 2 != 0)
        {
            errors.Add(new(field, Number(value), "must be even (H.264 4:2:0 halves the chroma planes)"));
        }
    }
}
