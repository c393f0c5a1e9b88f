// Which GPIO line or PWM channel each input and output uses, with its active level.
// Pin numbers are BCM (logical) numbers, the numbering GpioController uses by default.
namespace BodyCamDevice.Firmware.Configuration;

public sealed class PinMapOptions
{
    /// <summary>The /dev/gpiochipN the pins are on: 0 on a Pi 4, and on a Pi 5 with a current kernel.</summary>
    public int GpioChip { get; set; }

    public InputPinOptions RecordButton { get; set; } = new() { Pin = 17 };
    public InputPinOptions FunctionButton { get; set; } = new() { Pin = 27 };
    public InputPinOptions DockDetect { get; set; } = new() { Pin = 22 };
    public InputPinOptions ExternalTrigger { get; set; } = new() { Pin = 23 };
    public LightOutputOptions RecordIndicator { get; set; } = new() { Pin = 24 };
    public LightOutputOptions StatusLed { get; set; } = new() { Pin = 25 };
    public BeeperOptions Beeper { get; set; } = new();
    public OutputPinOptions Vibration { get; set; } = new() { Pin = 5 };

    /// <summary>Dimming needs both LEDs on PWM channels: a plain GPIO line is only on or off.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool LedsCanDim => RecordIndicator.Pwm is not null && StatusLed.Pwm is not null;
}

public enum ActiveLevel
{
    High,
    Low,
}

public enum InputPull
{
    None,
    Up,
    Down,
}

public sealed class InputPinOptions
{
    public bool Enabled { get; set; } = true;
    public int Pin { get; set; }

    /// <summary>Buttons wired to ground with a pull-up read Low when pressed: the default.</summary>
    public ActiveLevel ActiveLevel { get; set; } = ActiveLevel.Low;
    public InputPull Pull { get; set; } = InputPull.Up;
}

public sealed class OutputPinOptions
{
    public bool Enabled { get; set; } = true;
    public int Pin { get; set; }
    public ActiveLevel ActiveLevel { get; set; } = ActiveLevel.High;
}

/// <summary>An LED on a plain GPIO line (on/off), or on a PWM channel when <see cref="Pwm"/> is set (dimmable).</summary>
public sealed class LightOutputOptions
{
    public int Pin { get; set; }
    public ActiveLevel ActiveLevel { get; set; } = ActiveLevel.High;
    public PwmChannelOptions? Pwm { get; set; }
}

public sealed class PwmChannelOptions
{
    public int Chip { get; set; }
    public int Channel { get; set; }

    /// <summary>The GPIO line the channel is routed to (documentation and duplicate checks only).</summary>
    public int Pin { get; set; }
}

public enum BeeperKind
{
    /// <summary>A passive piezo disc driven with a square wave from a PWM channel.</summary>
    PassivePiezo,

    /// <summary>An active buzzer with its own oscillator, switched by a plain GPIO line.</summary>
    ActiveBuzzer,

    None,
}

public sealed class BeeperOptions
{
    public BeeperKind Kind { get; set; } = BeeperKind.PassivePiezo;

    /// <summary>Hardware PWM1 on BCM 13 (physical pin 33) by default.</summary>
    public PwmChannelOptions Pwm { get; set; } = new() { Chip = 0, Channel = 1, Pin = 13 };

    /// <summary>The line used when <see cref="Kind"/> is <see cref="BeeperKind.ActiveBuzzer"/>.</summary>
    public int Pin { get; set; } = 6;
    public ActiveLevel ActiveLevel { get; set; } = ActiveLevel.High;
}
