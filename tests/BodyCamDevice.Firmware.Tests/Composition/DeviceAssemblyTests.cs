// The one device assembly, over virtual drivers and the virtual camera on virtual time: it starts
// the pins before the optional parts, and shuts down in the order a body camera must — the
// recording in progress sealed (stop reason Shutdown, manifest on storage), the camera stopped,
// and only then the pins closed. Options are validated once, at the root, and frozen there.
using BodyCamDevice.Firmware.Capture.Recording;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Core;
using BodyCamDevice.Firmware.Core.Recording;
using BodyCamDevice.Firmware.Tests.Capture.Pipeline;

namespace BodyCamDevice.Firmware.Tests.Composition;

public class DeviceAssemblyTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("bodycam-assembly-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task ShuttingDownSealsTheRecordingThenStopsTheCameraThenClosesThePins()
    {
        var device = PipelineDevice.Create(_directory, TimeSpan.FromSeconds(2));
        await device.StartAsync(TimeSpan.FromSeconds(3));
        device.Controller.RequestStart(TriggerSource.RecordButton);
        await device.AdvanceAsync(TimeSpan.FromSeconds(2));
        Assert.That(device.State, Is.EqualTo(DeviceState.Recording));

        IReadOnlyList<ClipManifest>? sealedAtFirstClose = null;
        bool? cameraRunningAtFirstClose = null;
        var closed = new List<int>();
        device.Drivers.Gpio.Closed += pin =>
        {
            sealedAtFirstClose ??= device.Manifests();
            cameraRunningAtFirstClose ??= device.Camera.IsRunning;
            closed.Add(pin);
        };
        await device.DisposeAsync();

        Assert.That(closed, Is.Not.Empty, "the pins were closed");
        var manifest = sealedAtFirstClose!.Single();
        Assert.That((manifest.FinalClip, manifest.EndReason, manifest.TriggerOff?.Reason), Is.EqualTo((true, "Stopped", "Shutdown")), "sealed before the first pin closed");
        Assert.That(cameraRunningAtFirstClose, Is.False, "the camera stopped before the first pin closed");
        Assert.That(manifest.File.Hash, Is.EqualTo(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(device.ClipPath(manifest))))));
        Assert.That(device.Options.Pins.RecordIndicator.Pin, Is.AnyOf(closed.ToArray()), "the red LED's pin among them");
    }

    [Test]
    public async Task TheOptionalPartsStartAfterThePinsAndReportToTheRunningController()
    {
        await using var device = PipelineDevice.Create(_directory, TimeSpan.FromSeconds(1), options => options.Rtc.Enabled = true);
        await device.StartAsync(TimeSpan.FromSeconds(1));

        var kinds = device.Device.Audit.Entries.Select(entry => entry.Kind).ToList();
        Assert.That(kinds.IndexOf("boot"), Is.LessThan(kinds.IndexOf("hardware")), "the controller booted before the RTC (on no bus here) was opened and reported");
        Assert.That(device.Controller.Status.Alarms, Does.Contain(BodyCamDevice.Firmware.Core.Alarms.AlarmKind.ClockNotSet), "the RTC's verdict reached the controller");
    }

    [Test]
    public void OptionsAreValidatedOnceAndFrozen()
    {
        var options = new DeviceOptions();
        var validated = ValidatedDeviceOptions.From(options);
        options.Identity.DeviceSerial = "changed after validation";
        options.Pins.RecordIndicator.Pin = 99;

        Assert.That(validated.Value.Identity.DeviceSerial, Is.EqualTo(new DeviceOptions().Identity.DeviceSerial), "a copy: later changes do not reach the device");
        Assert.That(validated.Value.Pins.RecordIndicator.Pin, Is.EqualTo(24));
        Assert.That(DeviceOptionsJson.Serialize(validated.Value), Is.EqualTo(DeviceOptionsJson.Serialize(new DeviceOptions())), "the copy is whole");
        Assert.Throws<InvalidConfigurationException>(() => ValidatedDeviceOptions.From(options), "the changed options are not valid");
    }
}
