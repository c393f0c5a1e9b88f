// The startup bench (`./dev bench startup`) as a process against the built bodycam: it measures
// READY=1 through its own notify socket, passes a command prefix through, and says when there is
// no bodycam. No speed is asserted here (the target is set out of reach): figures come from
// running the bench itself.
namespace BodyCamDevice.Device.Tests;

public class StartupBenchTests
{
    private static string BenchDll => Path.Combine(Bodycam.RepositoryRoot, "benchmarks", "BodyCamDevice.Benchmarks", "bin",
        new DirectoryInfo(TestContext.CurrentContext.TestDirectory).Parent!.Name, "net10.0", "BodyCamDevice.Benchmarks.dll");

    private static (int ExitCode, string Output) Bench(params string[] arguments)
    {
        var info = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "exec", BenchDll, "startup" }.Concat(arguments))
        {
            info.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        Assert.That(process.WaitForExit(TimeSpan.FromSeconds(120)), Is.True);
        return (process.ExitCode, output + error.Result);
    }

    [Test]
    public void ItTimesEachRunToReadyThroughAPrefix()
    {
        var (exitCode, output) = Bench("--bodycam", Bodycam.DllPath, "--prefix", "env BODYCAM_BENCH_PREFIX=1", "--camera", "virtual", "--runs", "2", "--target", "60");

        Assert.That(exitCode, Is.Zero, output);
        Assert.That(output, Does.Contain($"startup: env BODYCAM_BENCH_PREFIX=1 dotnet exec {Bodycam.DllPath} run --virtual-gpio --camera virtual"));
        Assert.That(output, Does.Match(@"run 1: \d+\.\d{3} s"));
        Assert.That(output, Does.Match(@"run 2: \d+\.\d{3} s"));
        Assert.That(output, Does.Match(@"min \d+\.\d{3} s, median \d+\.\d{3} s, max \d+\.\d{3} s \(target: median <= 60 s\) met"));
    }

    [Test]
    public void AMissingBodycamIsNamed()
    {
        var (exitCode, output) = Bench("--bodycam", "/no/such/bodycam.dll");

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(output, Does.Contain("no bodycam at /no/such/bodycam.dll"));
    }
}
