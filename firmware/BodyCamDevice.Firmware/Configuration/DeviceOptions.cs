// The device's whole configuration: one typed object with defaults a real camera ships with.
// Validation lives in DeviceOptionsValidator; nothing here opens a pin.
using BodyCamDevice.Firmware.Capture.Camera;

namespace BodyCamDevice.Firmware.Configuration;

public sealed class DeviceOptions
{
    public IdentityOptions Identity { get; set; } = new();
    public PinMapOptions Pins { get; set; } = new();
    public ButtonOptions Buttons { get; set; } = new();
    public LightOptions Lights { get; set; } = new();
    public ToneOptions Tones { get; set; } = new();
    public AlarmOptions Alarms { get; set; } = new();
    public StealthOptions Stealth { get; set; } = new();
    public ClockOptions Clock { get; set; } = new();
    public AuditOptions Audit { get; set; } = new();
    public CameraOptions Camera { get; set; } = new();
    public RecordingSettings Recording { get; set; } = new();
    public EncryptionOptions Encryption { get; set; } = new();
    public OffloadSettings Offload { get; set; } = new();

    // Optional parts; each is off unless its section says Enabled.
    public RtcOptions Rtc { get; set; } = new();
    public GnssOptions Gnss { get; set; } = new();
    public FuelGaugeOptions FuelGauge { get; set; } = new();
}

public sealed class IdentityOptions
{
    public string DeviceSerial { get; set; } = "BC-000000";
    public string OfficerId { get; set; } = "UNASSIGNED";
}

public sealed class ButtonOptions
{
    /// <summary>Edges within this time after an accepted edge are contact bounce and ignored.</summary>
    public TimeSpan Debounce { get; set; } = TimeSpan.FromMilliseconds(30);

    /// <summary>Two presses whose starts lie within this window form a double-press.</summary>
    public TimeSpan DoublePressWindow { get; set; } = TimeSpan.FromMilliseconds(600);

    /// <summary>Holding the record button this long stops a recording.</summary>
    public TimeSpan HoldToStop { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Holding the function button this long toggles stealth.</summary>
    public TimeSpan HoldForStealth { get; set; } = TimeSpan.FromSeconds(3);

    public RecordButtonMode RecordButtonMode { get; set; } = RecordButtonMode.DoublePressToStart;
}

public enum RecordButtonMode
{
    /// <summary>The convention: double-press starts, hold stops, a single press while recording marks.</summary>
    DoublePressToStart,

    /// <summary>For test rigs: every press toggles recording.</summary>
    SinglePressToggles,
}

public sealed class LightOptions
{
    public LightMode Mode { get; set; } = LightMode.Normal;

    /// <summary>Brightness (0..1 PWM duty) used in <see cref="LightMode.Dim"/>.</summary>
    public double DimBrightness { get; set; } = 0.2;

    /// <summary>PWM frequency for LEDs driven through a PWM channel, in hertz.</summary>
    public int PwmFrequencyHz { get; set; } = 1000;

    public TimeSpan RecordBlinkOn { get; set; } = TimeSpan.FromMilliseconds(500);
    public TimeSpan RecordBlinkOff { get; set; } = TimeSpan.FromMilliseconds(500);
    public TimeSpan BufferingBlinkOn { get; set; } = TimeSpan.FromMilliseconds(500);
    public TimeSpan BufferingBlinkOff { get; set; } = TimeSpan.FromMilliseconds(1500);

    /// <summary>Fault codes are shown as N pulses of this on/off length, then a pause.</summary>
    public TimeSpan FaultPulse { get; set; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan FaultPause { get; set; } = TimeSpan.FromMilliseconds(1500);
}

public enum LightMode
{
    Normal,
    Dim,
    Off,
}

public sealed class ToneOptions
{
    /// <summary>Piezo tone in hertz; ~2.7 kHz is a common resonance of small piezo discs.</summary>
    public int FrequencyHz { get; set; } = 2700;

    /// <summary>PWM duty cycle of the tone (0..1); 0.5 is loudest for a piezo.</summary>
    public double DutyCycle { get; set; } = 0.5;

    public TimeSpan ShortBeep { get; set; } = TimeSpan.FromMilliseconds(120);
    public TimeSpan QuickBeep { get; set; } = TimeSpan.FromMilliseconds(60);
    public TimeSpan LongBeep { get; set; } = TimeSpan.FromMilliseconds(700);
    public TimeSpan Gap { get; set; } = TimeSpan.FromMilliseconds(120);

    /// <summary>While recording, the start pattern repeats this often so bystanders know.</summary>
    public TimeSpan RecordingReminderInterval { get; set; } = TimeSpan.FromMinutes(2);

    public bool Vibration { get; set; } = true;
}

public sealed class AlarmOptions
{
    /// <summary>An alarm's tone repeats this often while its condition lasts.</summary>
    public TimeSpan RepeatInterval { get; set; } = TimeSpan.FromSeconds(20);
}

public sealed class StealthOptions
{
    /// <summary>Agency policy: whether an officer may switch every light, tone and vibration off.</summary>
    public bool Allowed { get; set; } = true;
}

public sealed class ClockOptions
{
    /// <summary>A wall clock earlier than this has not been set (no RTC, no sync) and raises the clock alarm.</summary>
    public DateTimeOffset EarliestValidTime { get; set; } = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
}

public sealed class AuditOptions
{
    /// <summary>JSON-lines audit log; appended, never truncated.</summary>
    public string Path { get; set; } = "audit.jsonl";
}
