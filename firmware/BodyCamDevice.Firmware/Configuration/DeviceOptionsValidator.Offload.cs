// Rules for the Offload section: periods that make sense for evidence, names the store can show,
// bounded retries.
namespace BodyCamDevice.Firmware.Configuration;

public static partial class DeviceOptionsValidator
{
    private static void ValidateOffload(OffloadSettings offload, List<ConfigurationError> errors)
    {
        if (offload.Retention < TimeSpan.FromSeconds(1) || offload.Retention > TimeSpan.FromDays(36500))
        {
            errors.Add(new("Offload.Retention", offload.Retention.ToString(), "must be from 1 second to 100 years (31 days is the usual policy)"));
        }

        if (offload.MinimumTimeInStore < TimeSpan.Zero || offload.MinimumTimeInStore > offload.Retention)
        {
            errors.Add(new("Offload.MinimumTimeInStore", offload.MinimumTimeInStore.ToString(), "must be from 0 to Offload.Retention"));
        }

        if (string.IsNullOrWhiteSpace(offload.TimeZone) || offload.TimeZone.Length > 32
            || !offload.TimeZone.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '-' or '+'))
        {
            errors.Add(new("Offload.TimeZone", Quote(offload.TimeZone), "must be an IANA time zone name such as Europe/London (at most 32 characters)"));
        }

        if (string.IsNullOrWhiteSpace(offload.DeviceModel) || offload.DeviceModel.Length > 32 || offload.DeviceModel.Any(char.IsControl))
        {
            errors.Add(new("Offload.DeviceModel", Quote(offload.DeviceModel), "must be 1 to 32 characters without control characters"));
        }

        DurationIn("Offload.RetryDelay", offload.RetryDelay, Milliseconds(10), TimeSpan.FromHours(1), errors);
        if (offload.RetryMaxDelay < offload.RetryDelay || offload.RetryMaxDelay > TimeSpan.FromHours(1))
        {
            errors.Add(new("Offload.RetryMaxDelay", offload.RetryMaxDelay.ToString(), "must be from Offload.RetryDelay to 1 hour"));
        }

        if (offload.RetryAttempts is < 0 or > 100)
        {
            errors.Add(new("Offload.RetryAttempts", Number(offload.RetryAttempts), "must be from 0 to 100"));
        }

        if (offload.CorruptResends is < 0 or > 10)
        {
            errors.Add(new("Offload.CorruptResends", Number(offload.CorruptResends), "must be from 0 to 10"));
        }

        DurationIn("Offload.StallTimeout", offload.StallTimeout, Seconds(1), TimeSpan.FromHours(1), errors);
        if (string.IsNullOrWhiteSpace(offload.JournalDirectory))
        {
            errors.Add(new("Offload.JournalDirectory", Quote(offload.JournalDirectory), "must name a directory"));
        }
    }
}
