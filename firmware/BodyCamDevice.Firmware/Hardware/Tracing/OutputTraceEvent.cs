namespace BodyCamDevice.Firmware.Hardware.Tracing;

/// <summary>
/// One recorded change of an output line as the firmware drove it.
/// For a GPIO line (<see cref="Line"/> "GPIO24"): <see cref="High"/> is the electrical level,
/// frequency is 0 and duty 1 or 0. For a PWM channel ("PWM0/1"): <see cref="High"/> means running,
/// with its frequency in hertz and duty cycle 0..1 (a change while running is recorded again).
/// <see cref="Timestamp"/> is the TimeProvider's monotonic timestamp (for intervals), <see cref="Time"/>
/// its UTC clock (for people), <see cref="Sequence"/> counts from 1 for the life of the trace.
/// </summary>
public readonly record struct OutputTraceEvent(long Sequence, long Timestamp, DateTimeOffset Time, string Line, bool High, int FrequencyHz, double DutyCycle);
