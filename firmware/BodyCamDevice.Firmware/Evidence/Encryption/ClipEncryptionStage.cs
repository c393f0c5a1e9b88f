// Encrypts a clip on its way to storage, as the Axis Body Worn Integration API does: a fresh
// random AES-256 key and IV for this file alone, the content AES-256-CBC with PKCS#7 padding at
// the end, the key wrapped RSA-OAEP to the evidence store's public key in a JSON key object
// written beside the file before its first byte. The plain key lives only in this object's
// memory while the clip is written and is cleared when it completes: the device cannot read its
// own footage back, and a stolen card shows nothing.
//
// CBC is streamed: whole 16-byte blocks go on at once, each chained from the last cipher block;
// fewer than 16 bytes wait for the next write. With Mp4BlockAlignStage in front, every fragment
// boundary is a block boundary, so nothing waits there and each synced fragment decrypts whole.
// A torn file (no padding block yet) decrypts up to its last whole block (`openssl enc -nopad`).
//
// Threads: driven by the chain's one task, as every stage. Ownership: owns the key material.
using System.Security.Cryptography;
using BodyCamDevice.Firmware.Capture.Recording;

namespace BodyCamDevice.Firmware.Evidence.Encryption;

public sealed class ClipEncryptionStage : IRecordingStage, IDisposable
{
    public const string Scheme = "Axis Body Worn Integration";
    public const string ContentCipher = "AES-256-CBC, PKCS#7 padding";
    public const string KeyWrap = "RSA-OAEP (SHA-1, MGF1 SHA-1)";

    private const int BlockSize = 16;

    private readonly IRecordingStage _next;
    private readonly DestinationKey _destination;
    private readonly string _keyObjectPath;
    private readonly Aes _aes;
    private readonly byte[] _iv = new byte[BlockSize];
    private readonly byte[] _chain = new byte[BlockSize];
    private readonly byte[] _pending = new byte[BlockSize];
    private byte[] _output = new byte[64 * 1024];
    private int _pendingLength;
    private bool _started;
    private bool _completed;
    private string? _keyObjectSha256;

    public ClipEncryptionStage(IRecordingStage next, DestinationKey destination, string keyObjectPath)
    {
        _next = next;
        _destination = destination;
        _keyObjectPath = keyObjectPath;
        _aes = Aes.Create();
        _aes.KeySize = 256;
        _aes.GenerateKey();
        RandomNumberGenerator.Fill(_iv);
        _iv.CopyTo(_chain, 0);
    }

    public string KeyObjectPath => _keyObjectPath;

    // Lower-case hex SHA-256 of the key object, once written (with the clip's first byte).
    public string? KeyObjectSha256 => _keyObjectSha256;

    public ManifestEncryption Describe() => new(
        Scheme, ContentCipher, KeyWrap, _destination.KeyId, Path.GetFileName(_keyObjectPath),
        _keyObjectSha256 ?? throw new InvalidOperationException("nothing was encrypted"), FragmentsBlockAligned: true);

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        if (!_started)
        {
            // The key object comes first: a clip on storage always has its key beside it.
            byte[] key = _aes.Key;
            byte[] wrapped;
            try
            {
                wrapped = _destination.Wrap(key);
            }
            finally
            {
                Array.Clear(key);
            }

            _keyObjectSha256 = KeyObject.Write(_keyObjectPath, KeyObject.Format(wrapped, _iv, _destination.KeyId));
            _started = true;
        }

        ReadOnlySpan<byte> input = data.Span;
        int produced = 0;
        EnsureOutput(_pendingLength + input.Length);
        if (_pendingLength > 0)
        {
            int take = Math.Min(BlockSize - _pendingLength, input.Length);
            input[..take].CopyTo(_pending.AsSpan(_pendingLength));
            _pendingLength += take;
            input = input[take..];
            if (_pendingLength < BlockSize)
            {
                return;
            }

            produced += Encrypt(_pending, _output);
            _pendingLength = 0;
        }

        int whole = input.Length - input.Length % BlockSize;
        if (whole > 0)
        {
            produced += Encrypt(input[..whole], _output.AsSpan(produced));
        }

        input[whole..].CopyTo(_pending);
        _pendingLength = input.Length - whole;
        if (produced > 0)
        {
            await _next.WriteAsync(_output.AsMemory(0, produced), cancellationToken).ConfigureAwait(false);
        }
    }

    // Whole blocks have already gone on; bytes short of a block stay here until more come.
    public ValueTask FragmentCompleteAsync(Mp4Segment segment, CancellationToken cancellationToken = default) =>
        _next.FragmentCompleteAsync(segment, cancellationToken);

    public async ValueTask CompleteAsync(CancellationToken cancellationToken = default)
    {
        if (_completed)
        {
            return;
        }

        try
        {
            if (_started)
            {
                // The last block, padded (a whole block of padding when the content ended on a
                // boundary), as openssl expects it.
                int length = _aes.EncryptCbc(_pending.AsSpan(0, _pendingLength), _chain, _output, PaddingMode.PKCS7);
                await _next.WriteAsync(_output.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            Dispose();
        }

        await _next.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _completed = true;
        _aes.Dispose();
        Array.Clear(_pending);
        Array.Clear(_chain);
    }

    // Encrypts whole blocks, chaining from the last cipher block; returns the bytes written.
    private int Encrypt(ReadOnlySpan<byte> plaintext, Span<byte> destination)
    {
        int length = _aes.EncryptCbc(plaintext, _chain, destination, PaddingMode.None);
        destination.Slice(length - BlockSize, BlockSize).CopyTo(_chain);
        return length;
    }

    private void EnsureOutput(int length)
    {
        if (_output.Length < length + BlockSize)
        {
            _output = new byte[Math.Max(length + BlockSize, _output.Length * 2)];
        }
    }
}
