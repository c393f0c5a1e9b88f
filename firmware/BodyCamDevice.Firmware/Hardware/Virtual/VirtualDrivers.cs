// The lowest level of the device without hardware: a VirtualGpioDriver, VirtualPwmChannels made
// on demand, and a VirtualStorage. One implementation for everything that runs the firmware on a
// machine without GPIO: `bodycam run --virtual-gpio`, the emulator, VirtualDevice and the tests.
// The caller drives the inputs (Gpio.SetInput) and reads the outputs from the traces.
// Threads: as thread-safe as the driver and channels; the channel table is concurrent.
using System.Collections.Concurrent;
using BodyCamDevice.Firmware.Capture.Camera;
using BodyCamDevice.Firmware.Composition;

namespace BodyCamDevice.Firmware.Hardware.Virtual;

public sealed class VirtualDrivers
{
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<(int Chip, int Channel), VirtualPwmChannel> _channels = new();

    public VirtualDrivers(TimeProvider time)
    {
        _time = time;
        Gpio = new VirtualGpioDriver(time);
        Pwm = (chip, channel, frequencyHz, dutyCycle) =>
            _channels[(chip, channel)] = new VirtualPwmChannel(_time, $"pwm{chip}/{channel}", frequencyHz, dutyCycle);
    }

    public VirtualGpioDriver Gpio { get; }

    /// <summary>Makes a VirtualPwmChannel and remembers it by (chip, channel).</summary>
    public PwmChannelFactory Pwm { get; }

    /// <summary>Every channel made so far.</summary>
    public IReadOnlyDictionary<(int Chip, int Channel), VirtualPwmChannel> PwmChannels => _channels;

    /// <summary>The recordings volume's free space, as set.</summary>
    public VirtualStorage Storage { get; } = new();

    /// <summary>
    /// Everything the device assembly needs: these pins and channels (inputs resting at their
    /// inactive level, as a board's pulls hold them), the camera, this storage (or
    /// <paramref name="storage"/>, e.g. the real disk) and the optional parts' ports.
    /// </summary>
    public DeviceDrivers ForDevice(Configuration.ValidatedDeviceOptions options, CameraSourceFactory camera, OptionalHardwarePorts optionalParts, Capture.Recording.IStorageSpace? storage = null)
    {
        Gpio.RestInputs(options.Value.Pins);
        return new DeviceDrivers(Gpio, Pwm, camera, storage ?? Storage, optionalParts);
    }
}
