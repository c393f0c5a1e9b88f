// The two ways a blocking gauge read becomes an IBatteryGauge: on the thread pool (a real chip:
// the I2C transfer must not run on the device loop) or inline (a gauge in memory, such as the
// emulator's, so a reading lands at the same virtual instant it was asked for).
using BodyCamDevice.Firmware.Core.Battery;

namespace BodyCamDevice.Firmware.Hardware.Battery;

public static class BatteryGauges
{
    public static IBatteryGauge OnThreadPool(Func<BatteryReading> read) => new ThreadPoolGauge(read);

    public static IBatteryGauge Inline(Func<BatteryReading> read) => new InlineGauge(read);

    private sealed class ThreadPoolGauge(Func<BatteryReading> read) : IBatteryGauge
    {
        public void Request(Action<BatteryReading> deliver) =>
            ThreadPool.QueueUserWorkItem(_ => deliver(Guard(read)));
    }

    private sealed class InlineGauge(Func<BatteryReading> read) : IBatteryGauge
    {
        public void Request(Action<BatteryReading> deliver) => deliver(Guard(read));
    }

    // A binding that throws something unexpected still yields exactly one delivery.
    private static BatteryReading Guard(Func<BatteryReading> read)
    {
        try
        {
            return read();
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return BatteryReading.Failed(exception.Message);
        }
    }
}
