// Encryption at rest, to the evidence store's key (the Axis Body Worn Integration API's
// WantEncryption, PublicKey and PublicKeyId). Until a connection file brings them, they are set
// here. Once a device has recorded with encryption on it cannot be turned off again
// (EncryptionLock; `bodycam config check` and `bodycam run` refuse it), as the BWI allows
// WantEncryption to change only from false to true.
namespace BodyCamDevice.Firmware.Configuration;

public sealed class EncryptionOptions
{
    /// <summary>Write every clip encrypted (never in clear) to <see cref="PublicKey"/>.</summary>
    public bool Enabled { get; set; }

    /// <summary>The evidence store's RSA public key (at least 2048 bits): PEM, or base64 of the PEM as the BWI connection file has it.</summary>
    public string? PublicKey { get; set; }

    /// <summary>The evidence store's name for that key, written into every key object (at most 128 characters).</summary>
    public string? PublicKeyId { get; set; }
}
