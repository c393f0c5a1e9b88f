// One trial of one fault: its random source (derived from the run's seed, the fault and the
// trial's number, so `--seed S --only FAULT` replays it), the invariants it broke, the footage it
// lost, and a log kept beside its directory.
namespace BodyCamDevice.Torture;

internal sealed class Trial
{
    private readonly List<string> _broken = new();
    private readonly StreamWriter _log;

    public Trial(TortureEnvironment environment, string fault, int number, int seed)
    {
        Environment = environment;
        Fault = fault;
        Number = number;
        Random = new Random(HashCode.Combine(seed, StableHash(fault), number));
        LogPath = Path.Combine(environment.WorkRoot, $"{fault}-{number:D3}.log");
        _log = new StreamWriter(LogPath) { AutoFlush = true };
    }

    public TortureEnvironment Environment { get; }

    public string Fault { get; }

    public int Number { get; }

    public Random Random { get; }

    public string LogPath { get; }

    /// <summary>Seconds of footage the trial lost (what the fault's row sums).</summary>
    public double LostSeconds { get; set; }

    public IReadOnlyList<string> Broken => _broken;

    public bool Survived => _broken.Count == 0;

    /// <summary>Records a broken invariant: which one and what was seen.</summary>
    public void Break(string invariant, string detail)
    {
        _broken.Add($"{invariant}: {detail}");
        Log($"BROKEN {invariant}: {detail}");
    }

    public void Log(string line) => _log.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {line}");

    public void Close() => _log.Dispose();

    // string.GetHashCode differs between runs; a replay needs the same numbers.
    private static int StableHash(string text)
    {
        unchecked
        {
            int hash = 17;
            foreach (char character in text)
            {
                hash = (hash * 31) + character;
            }

            return hash;
        }
    }
}
