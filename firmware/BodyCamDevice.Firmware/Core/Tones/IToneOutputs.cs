namespace BodyCamDevice.Firmware.Core.Tones;

/// <summary>The beeper as core logic sees it; called on the device loop.</summary>
public interface IBeeper
{
    /// <param name="frequencyHz">Tone pitch (a passive piezo); an active buzzer ignores it.</param>
    /// <param name="dutyCycle">0..1; sets loudness on a passive piezo.</param>
    void StartTone(int frequencyHz, double dutyCycle);

    void StopTone();
}

/// <summary>The vibration motor; called on the device loop.</summary>
public interface IVibrationMotor
{
    void SetRunning(bool running);
}
