using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Core;

namespace BodyCamDevice.Firmware.Tests.Core;

public class RecordButtonTests
{
    [Test]
    public void DoublePressInsideTheWindowStartsRecording()
    {
        using var device = new TestDevice();
        device.DoublePress(gapMs: 300);
        Assert.That(device.State, Is.EqualTo(DeviceState.Recording));
    }

    [Test]
    public void TwoPressesFurtherApartThanTheWindowDoNotStart()
    {
        using var device = new TestDevice();
        device.Press(100, afterMs: 450);
        Assert.That(device.State, Is.EqualTo(DeviceState.Buffering));
        device.Advance(60); // now 610 ms after the first press began
        device.Press(100);
        Assert.That(device.State, Is.EqualTo(DeviceState.Buffering));
    }

    [Test]
    public void DoublePressAtExactlyTheWindowEdgeStarts()
    {
        using var device = new TestDevice();
        device.Press(100, afterMs: 500);
        device.Press(100);
        Assert.That(device.State, Is.EqualTo(DeviceState.Recording));
    }

    [Test]
    public void SinglePressNeverStartsRecording()
    {
        using var device = new TestDevice();
        device.Press(100, afterMs: 5000);
        Assert.That(device.State, Is.EqualTo(DeviceState.Buffering));
    }

    [Test]
    public void HoldOf2Point9SecondsDoesNotStopButThreeSecondsDoes()
    {
        using var device = new TestDevice();
        device.DoublePress();
        device.Advance(1000);
        device.Hold(TimeSpan.FromMilliseconds(2900));
        device.Advance(1000);
        Assert.That(device.State, Is.EqualTo(DeviceState.Recording), "2.9 s hold");

        device.SetRecordButton(true);
        device.Advance(2999);
        Assert.That(device.State, Is.EqualTo(DeviceState.Recording), "2.999 s into the hold");
        device.Advance(1);
        Assert.That(device.State, Is.EqualTo(DeviceState.Buffering), "3.0 s hold");
        device.SetRecordButton(false);
    }
}
