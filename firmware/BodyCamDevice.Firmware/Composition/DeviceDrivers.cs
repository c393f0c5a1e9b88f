// What the device assembly reaches the world through, chosen by whoever runs it: on a Pi
// libgpiod, the kernel's PWM channels, the ffmpeg camera, the recordings volume and /dev/i2c-N and
// the serial port, and the evidence store through its connection file; on a desktop VirtualDrivers (virtual pins, virtual storage) with the virtual or
// an ffmpeg camera and virtual chips. Nothing above this level differs between the two.
using System.Device.Gpio;
using BodyCamDevice.Firmware.Capture.Camera;
using BodyCamDevice.Firmware.Capture.Recording;
using BodyCamDevice.Firmware.Hardware;
using BodyCamDevice.Firmware.Offload.Dock;

namespace BodyCamDevice.Firmware.Composition;

/// <param name="Gpio">The GPIO driver, opened; the device owns it from now on.</param>
/// <param name="Pwm">Makes the PWM channels the pin map names.</param>
/// <param name="Camera">Makes the camera over the pipeline's pre-record buffer.</param>
/// <param name="Storage">Measures the recordings volume's free space.</param>
/// <param name="OptionalParts">Where the RTC, GNSS receiver and fuel gauge are reached.</param>
/// <param name="EvidenceStore">Where the evidence store is reached when docked; null: docking only charges.</param>
public sealed record DeviceDrivers(GpioDriver Gpio, PwmChannelFactory Pwm, CameraSourceFactory Camera, IStorageSpace Storage, OptionalHardwarePorts OptionalParts, DockOffloadPorts? EvidenceStore = null);
