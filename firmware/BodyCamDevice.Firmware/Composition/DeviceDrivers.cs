// What the device assembly reaches the world through, chosen by whoever runs it: on a Pi
// libgpiod, the kernel's PWM channels, the ffmpeg camera, the recordings volume and /dev/i2c-N and
// the serial port; on a desktop VirtualDrivers (virtual pins, virtual storage) with the virtual or
// an ffmpeg camera and virtual chips. Nothing above this level differs between the two.
using System.Device.Gpio;
using BodyCamDevice.Firmware.Capture.Camera;
using BodyCamDevice.Firmware.Capture.Recording;
using BodyCamDevice.Firmware.Hardware;

namespace BodyCamDevice.Firmware.Composition;

/// <param name="Gpio">The GPIO driver, opened; the device owns it from now on.</param>
/// <param name="Pwm">Makes the PWM channels the pin map names.</param>
/// <param name="Camera">Makes the camera over the pipeline's pre-record buffer.</param>
/// <param name="Storage">Measures the recordings volume's free space.</param>
/// <param name="OptionalParts">Where the RTC, GNSS receiver and fuel gauge are reached.</param>
public sealed record DeviceDrivers(GpioDriver Gpio, PwmChannelFactory Pwm, CameraSourceFactory Camera, IStorageSpace Storage, OptionalHardwarePorts OptionalParts);
