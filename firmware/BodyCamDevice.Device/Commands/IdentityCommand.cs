// `bodycam identity show` and `bodycam identity create`: the device's signing key in the state
// directory (FileDeviceSigningKey). Both print only the public key (PEM) and its SHA-256
// fingerprint, what the evidence store registers for this device; the private key is never
// printed. `create` refuses to replace an existing identity.
using BodyCamDevice.Firmware.Evidence.Identity;

namespace BodyCamDevice.Device.Commands;

internal static class IdentityCommand
{
    public static int Show(string stateDirectory, TextWriter output, TextWriter error)
    {
        try
        {
            using var key = FileDeviceSigningKey.Load(FileDeviceSigningKey.PathIn(stateDirectory));
            Print(key, output);
            return ExitCodes.Success;
        }
        catch (DeviceIdentityException exception)
        {
            error.WriteLine("bodycam: " + exception.Message);
            return ExitCodes.EvidenceStateUnusable;
        }
    }

    public static int Create(string stateDirectory, TextWriter output, TextWriter error)
    {
        try
        {
            using var key = FileDeviceSigningKey.Create(FileDeviceSigningKey.PathIn(stateDirectory));
            output.WriteLine($"created the device identity {key.Path} (readable by this user only)");
            Print(key, output);
            return ExitCodes.Success;
        }
        catch (DeviceIdentityException exception)
        {
            error.WriteLine("bodycam: " + exception.Message);
            return ExitCodes.EvidenceStateUnusable;
        }
    }

    private static void Print(FileDeviceSigningKey key, TextWriter output)
    {
        output.Write(key.PublicKeyPem);
        output.WriteLine($"SHA-256 fingerprint: {key.Fingerprint}");
    }
}
