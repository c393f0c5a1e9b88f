// The linux-arm64 release and what it takes to start it on this x86-64 machine: user-mode qemu
// (called explicitly: there is no binfmt here) and an arm64 sysroot with ld.so, libc, libstdc++,
// libgcc_s and libssl3. `./dev test` prepares all three and says so through the environment:
//   BODYCAM_ARM64_PUBLISHED=1     artifacts/publish/linux-arm64 and the tarball are fresh
//   BODYCAM_ARM64_SYSROOT=DIR     the sysroot
// Without them (a plain `dotnet test`) the fixture publishes and builds the sysroot itself with the
// same scripts.
namespace BodyCamDevice.Deploy.Tests;

internal static class Arm64Build
{
    /// <summary>
    /// The tests that need the arm64 build. ./dev test runs them on their own after the others, so
    /// the emulated self-test, which judges timings on the real clock, has the CPU to itself.
    /// </summary>
    public const string TestCategory = "Arm64Emulation";

    public const string RuntimeIdentifier = "linux-arm64";
    public const string Qemu = "/usr/bin/qemu-aarch64-static";

    private static readonly SemaphoreSlim PublishOnce = new(1, 1);
    private static bool s_published = Environment.GetEnvironmentVariable("BODYCAM_ARM64_PUBLISHED") == "1";

    public static string PublishDirectory => Path.Combine(Repository.Root, "artifacts", "publish", RuntimeIdentifier);

    public static string Executable => Path.Combine(PublishDirectory, "bodycam");

    public static string Tarball => Path.Combine(Repository.Root, "artifacts", $"bodycam-{RuntimeIdentifier}.tar.gz");

    /// <summary>Publishes once per test run unless ./dev test already did.</summary>
    public static async Task EnsurePublishedAsync()
    {
        await PublishOnce.WaitAsync();
        try
        {
            if (s_published)
            {
                return;
            }

            var result = await ChildProcess.RunBashAsync(Repository.Deploy("publish.sh"), [RuntimeIdentifier], TimeSpan.FromMinutes(10));
            Assert.That(result.ExitCode, Is.Zero, $"deploy/publish.sh {RuntimeIdentifier} failed\n{result.Transcript}");
            s_published = true;
        }
        finally
        {
            PublishOnce.Release();
        }
    }

    public static async Task<string> SysrootAsync()
    {
        if (Environment.GetEnvironmentVariable("BODYCAM_ARM64_SYSROOT") is { Length: > 0 } given)
        {
            return given;
        }

        var result = await ChildProcess.RunBashAsync(Repository.Deploy("arm64-sysroot.sh"), [], TimeSpan.FromMinutes(10));
        Assert.That(result.ExitCode, Is.Zero, $"deploy/arm64-sysroot.sh failed\n{result.Transcript}");
        return result.StandardOutput.Trim();
    }

    public static void RequireQemu() =>
        Assert.That(File.Exists(Qemu), Is.True, $"{Qemu} is missing: apt-get install -y qemu-user-static (./dev test does).");

    /// <summary>Runs the published arm64 bodycam under qemu-aarch64-static, in a working directory of the caller's.</summary>
    public static async Task<ChildProcessResult> RunUnderQemuAsync(IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout)
    {
        RequireQemu();
        var sysroot = await SysrootAsync();
        return await ChildProcess.RunAsync(Qemu, new[] { "-L", sysroot, Executable }.Concat(arguments), timeout, workingDirectory);
    }
}
