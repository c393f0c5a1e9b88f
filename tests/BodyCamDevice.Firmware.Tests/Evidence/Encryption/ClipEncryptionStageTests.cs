// The encryption stage between the block alignment and the stored file, checked with the openssl
// command line alone: the key object comes first; the sealed file decrypts to exactly the
// plaintext that went in (its SHA-256 is the plaintext hash); every fragment ends on a block
// boundary, so the prefix synced at a fragment decrypts whole with -nopad; each file has its own
// key and IV; a clip that never got a byte leaves no key object and no file.
using System.Security.Cryptography;
using BodyCamDevice.Firmware.Capture.Recording;
using BodyCamDevice.Firmware.Evidence.Encryption;

namespace BodyCamDevice.Firmware.Tests.Evidence.Encryption;

public class ClipEncryptionStageTests
{
    private string _directory = null!;
    private string _privateKey = null!;
    private DestinationKey _destination = null!;

    [OneTimeSetUp]
    public void MakeTheStoresKeyPair()
    {
        _directory = Directory.CreateTempSubdirectory("bodycam-encryption-").FullName;
        (_privateKey, string publicKey) = IndependentTools.RsaKeyPair(_directory);
        _destination = DestinationKey.Parse(File.ReadAllText(publicKey), "store-key-1");
    }

    [OneTimeTearDown]
    public void RemoveDirectory()
    {
        _destination.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public async Task A_sealed_file_decrypts_with_openssl_to_the_plaintext_and_a_synced_prefix_to_whole_fragments()
    {
        Chain chain = NewChain("clip");
        var random = new Random(7);
        var durableAtFragment = new List<long>();
        for (int fragment = 0; fragment < 6; fragment++)
        {
            for (int write = 0; write < 5; write++)
            {
                byte[] chunk = new byte[random.Next(1, 5000)];
                random.NextBytes(chunk);
                await chain.Head.WriteAsync(chunk);
            }

            await chain.Head.FragmentCompleteAsync(fragment == 0 ? Mp4Segment.Init : Mp4Segment.Fragment);
            durableAtFragment.Add(chain.File.DurableLength);
            Assert.That(chain.Plaintext.Bytes.Count % 16, Is.Zero, "every part ends on a block boundary");
            Assert.That(chain.File.DurableLength, Is.EqualTo(chain.Plaintext.Bytes.Count), "nothing waits in the stage at a boundary");
        }

        await chain.Head.CompleteAsync();

        Assert.That(File.Exists(chain.KeyObject), Is.True);
        Assert.That(chain.Stage.KeyObjectSha256, Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(chain.KeyObject)))));
        Assert.That(new FileInfo(chain.ClipPath).Length, Is.EqualTo(chain.Plaintext.Bytes.Count + 16), "a whole block of PKCS#7 padding");

        string plain = Path.Combine(_directory, "clip.plain");
        IndependentTools.Decrypt(_privateKey, chain.KeyObject, chain.ClipPath, plain);
        Assert.That(File.ReadAllBytes(plain), Is.EqualTo(chain.Plaintext.Bytes.ToArray()));
        Assert.That(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(plain))), Is.EqualTo(chain.PlainHash.Digest));

        // What a power cut after fragment 3 leaves: the synced prefix.
        long synced = durableAtFragment[3];
        string torn = Path.Combine(_directory, "torn.enc");
        File.WriteAllBytes(torn, File.ReadAllBytes(chain.ClipPath)[..(int)synced]);
        string tornPlain = Path.Combine(_directory, "torn.plain");
        IndependentTools.Decrypt(_privateKey, chain.KeyObject, torn, tornPlain, torn: true);
        Assert.That(File.ReadAllBytes(tornPlain), Is.EqualTo(chain.Plaintext.Bytes.Take((int)synced).ToArray()));
    }

    [Test]
    public async Task Each_file_gets_its_own_key_and_iv()
    {
        Chain first = NewChain("first");
        Chain second = NewChain("second");
        foreach (Chain chain in new[] { first, second })
        {
            await chain.Head.WriteAsync(new byte[100]);
            await chain.Head.CompleteAsync();
        }

        string a = File.ReadAllText(first.KeyObject), b = File.ReadAllText(second.KeyObject);
        Assert.That(Member(a, "ContentEncryptionIV"), Is.Not.EqualTo(Member(b, "ContentEncryptionIV")));
        Assert.That(Member(a, "EncryptedKey"), Is.Not.EqualTo(Member(b, "EncryptedKey")));
        Assert.That(File.ReadAllBytes(first.ClipPath), Is.Not.EqualTo(File.ReadAllBytes(second.ClipPath)), "the same plaintext encrypts differently");
        Assert.That(a, Does.Contain("\"PublicKeyId\": \"store-key-1\""));
    }

    [Test]
    public async Task A_clip_that_got_no_bytes_leaves_no_key_object_and_no_file()
    {
        Chain chain = NewChain("empty");
        await chain.Head.CompleteAsync();

        Assert.That(File.Exists(chain.KeyObject), Is.False);
        Assert.That(File.Exists(chain.ClipPath), Is.False);
    }

    [TestCase(0, 0)]
    [TestCase(8, 8)]
    [TestCase(1, 15)]
    [TestCase(9, 23)]
    [TestCase(15, 17)]
    public void The_free_box_that_aligns_a_part_is_at_least_a_box_header(long length, int padding)
    {
        Assert.That(Mp4BlockAlignStage.PaddingFor(length), Is.EqualTo(padding));
        Assert.That((length + padding) % 16, Is.Zero);
    }

    private Chain NewChain(string name)
    {
        string clip = Path.Combine(_directory, name + ".mp4");
        string keyObject = Path.Combine(_directory, name + ".key");
        var file = new DurableFileStage(clip);
        var storedHash = new Sha256Stage(file);
        var stage = new ClipEncryptionStage(storedHash, _destination, keyObject);
        var plainHash = new Sha256Stage(stage);
        var plaintext = new CapturingStage(plainHash);
        return new Chain(new Mp4BlockAlignStage(plaintext), plaintext, plainHash, stage, file, clip, keyObject);
    }

    private static string Member(string json, string name)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return document.RootElement.GetProperty(name).GetString()!;
    }

    private sealed record Chain(IRecordingStage Head, CapturingStage Plaintext, Sha256Stage PlainHash, ClipEncryptionStage Stage, DurableFileStage File, string ClipPath, string KeyObject);

    // Keeps a copy of what passes, padding included: the plaintext as stored encrypted.
    private sealed class CapturingStage(IRecordingStage next) : IRecordingStage
    {
        public List<byte> Bytes { get; } = [];

        public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
        {
            Bytes.AddRange(data.Span);
            return next.WriteAsync(data, cancellationToken);
        }

        public ValueTask FragmentCompleteAsync(Mp4Segment segment, CancellationToken cancellationToken = default) => next.FragmentCompleteAsync(segment, cancellationToken);

        public ValueTask CompleteAsync(CancellationToken cancellationToken = default) => next.CompleteAsync(cancellationToken);
    }
}
