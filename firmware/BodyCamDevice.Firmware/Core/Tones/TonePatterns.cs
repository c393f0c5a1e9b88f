// The device's sounds, after the conventions real body cameras share: 1 beep at power on,
// 2 short beeps + 2 vibrations at record start and as the recording reminder, 1 long beep at stop,
// 3 beeps storage full, 4 quick beeps low battery, 5 quick beeps clock not set. A fault sounds N
// long beeps for fault code N, the number of pulses the green LED shows: 2 camera, 3 storage,
// 4 internal.
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Core.Recording;

namespace BodyCamDevice.Firmware.Core.Tones;

public sealed class TonePatterns
{
    private readonly ToneOptions _options;

    public TonePatterns(ToneOptions options)
    {
        _options = options;
        var vibrate = options.Vibration;
        PowerOn = Beeps("power on", 1, options.ShortBeep, options.Gap, vibrate: false);
        RecordingStarted = Beeps("recording started", 2, options.ShortBeep, options.Gap, vibrate);
        RecordingReminder = Beeps("recording reminder", 2, options.ShortBeep, options.Gap, vibrate);
        RecordingStopped = Beeps("recording stopped", 1, options.LongBeep, options.Gap, vibrate);
        Marker = Beeps("marker", 1, options.QuickBeep, options.Gap, vibrate: false);
        StorageFull = Beeps("storage full", 3, options.ShortBeep, options.Gap, vibrate);
        LowBattery = Beeps("low battery", 4, options.QuickBeep, options.QuickBeep, vibrate);
        ClockNotSet = Beeps("clock not set", 5, options.QuickBeep, options.QuickBeep, vibrate: false);
        CameraFault = Beeps("camera fault", (int)FaultCode.Camera, options.LongBeep, options.Gap, vibrate);
        StorageFault = Beeps("storage fault", (int)FaultCode.Storage, options.LongBeep, options.Gap, vibrate);
        InternalFault = Beeps("internal fault", (int)FaultCode.Internal, options.LongBeep, options.Gap, vibrate);
        CategoryCleared = Beeps("category cleared", 1, options.LongBeep / 2, options.Gap, vibrate: false);
    }

    public TonePattern PowerOn { get; }
    public TonePattern RecordingStarted { get; }
    public TonePattern RecordingReminder { get; }
    public TonePattern RecordingStopped { get; }
    public TonePattern Marker { get; }
    public TonePattern StorageFull { get; }
    public TonePattern LowBattery { get; }
    public TonePattern ClockNotSet { get; }
    public TonePattern CameraFault { get; }
    public TonePattern StorageFault { get; }
    public TonePattern InternalFault { get; }

    /// <summary>A category gesture cleared the last recording's category: one half-long beep.</summary>
    public TonePattern CategoryCleared { get; }

    /// <summary>A category gesture set the store's category number <paramref name="position"/> (1-based): as many quick beeps, each with a pulse.</summary>
    public TonePattern CategorySet(int position) => Beeps("category " + position.ToString(System.Globalization.CultureInfo.InvariantCulture), position, _options.QuickBeep, _options.Gap, _options.Vibration);

    /// <summary>Every alarm's pattern: what plays back to back when all alarms sound at once (one fault at a time).</summary>
    public IReadOnlyList<TonePattern> Alarms => [StorageFull, LowBattery, ClockNotSet, CameraFault, StorageFault, InternalFault];

    private static TonePattern Beeps(string name, int count, TimeSpan beep, TimeSpan gap, bool vibrate)
    {
        var steps = new List<ToneStep>(count * 2);
        for (var i = 0; i < count; i++)
        {
            steps.Add(new(Tone: true, Vibrate: vibrate, beep));
            steps.Add(new(Tone: false, Vibrate: false, gap));
        }

        return new(name, steps);
    }
}
