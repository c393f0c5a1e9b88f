// The board's drivers: System.Device.Gpio's LibGpiodDriver on /dev/gpiochipN (libgpiod 1.x, the
// v1 API Debian ships) and PwmChannel.Create for the kernel's sysfs PWM channels. A chip or channel
// that cannot be opened becomes a HardwareUnavailableException that names it and says what to check.
using System.Device.Gpio;
using System.Device.Gpio.Drivers;
using System.Device.Pwm;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Hardware;

namespace BodyCamDevice.Device.Drivers;

internal sealed class LibgpiodDrivers : IDeviceDrivers
{
    public string Description => "libgpiod and the kernel's PWM channels";

    public bool IsVirtual => false;

    public GpioDriver OpenGpio(DeviceOptions options)
    {
        var chip = options.Pins.GpioChip;
        var chipPath = $"/dev/gpiochip{chip}";
        if (!File.Exists(chipPath))
        {
            throw new HardwareUnavailableException(
                $"GPIO chip {chipPath} does not exist (Pins.GpioChip = {chip}). This kernel has no such GPIO chip: check `ls /dev/gpiochip*` and Pins.GpioChip, or run with --virtual-gpio on a machine without GPIO.");
        }

        try
        {
            // The constructor opens the chip: a missing libgpiod or a permission problem shows here.
            return new LibGpiodDriver(chip);
        }
        catch (Exception exception) when (exception is not HardwareUnavailableException)
        {
            throw new HardwareUnavailableException(
                $"Cannot open GPIO chip {chipPath} through libgpiod: {exception.Message} Is libgpiod installed (apt-get install libgpiod2) and may this user open {chipPath} (group gpio)?",
                exception);
        }
    }

    public PwmChannelFactory Pwm => static (pwmChip, channel, frequencyHz, dutyCycle) =>
    {
        try
        {
            return PwmChannel.Create(pwmChip, channel, frequencyHz, dutyCycle);
        }
        catch (Exception exception)
        {
            throw new HardwareUnavailableException(
                $"Cannot open PWM channel {channel} of /sys/class/pwm/pwmchip{pwmChip}: {exception.Message} Is the PWM overlay enabled (dtoverlay=pwm,pin=13,func=4 in config.txt for the default beeper, see hardware.md) and may this user write to /sys/class/pwm?",
                exception);
        }
    };
}
