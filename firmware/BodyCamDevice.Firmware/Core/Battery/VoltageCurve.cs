// A battery's discharge curve (FuelGaugeOptions.VoltageCurve): charge from voltage and back,
// linear between the points, clamped at the ends. Validated points only (rising volts).
using BodyCamDevice.Firmware.Configuration;

namespace BodyCamDevice.Firmware.Core.Battery;

public sealed class VoltageCurve
{
    private readonly VoltagePoint[] _points;

    public VoltageCurve(IReadOnlyList<VoltagePoint> points)
    {
        _points = [.. points];
    }

    /// <summary>Charge in percent at <paramref name="volts"/>.</summary>
    public double PercentAt(double volts)
    {
        if (volts <= _points[0].Volts)
        {
            return _points[0].Percent;
        }

        for (var i = 1; i < _points.Length; i++)
        {
            var (low, high) = (_points[i - 1], _points[i]);
            if (volts <= high.Volts)
            {
                return low.Percent + (volts - low.Volts) / (high.Volts - low.Volts) * (high.Percent - low.Percent);
            }
        }

        return _points[^1].Percent;
    }

    /// <summary>The lowest voltage at which the curve gives <paramref name="percent"/> (for virtual gauges).</summary>
    public double VoltsAt(double percent)
    {
        if (percent <= _points[0].Percent)
        {
            return _points[0].Volts;
        }

        for (var i = 1; i < _points.Length; i++)
        {
            var (low, high) = (_points[i - 1], _points[i]);
            if (percent <= high.Percent && high.Percent > low.Percent)
            {
                return low.Volts + (percent - low.Percent) / (high.Percent - low.Percent) * (high.Volts - low.Volts);
            }
        }

        return _points[^1].Volts;
    }
}
