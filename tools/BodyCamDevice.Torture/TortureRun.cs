// Runs each fault's trials and prints one row per fault — trials, survived, footage lost,
// invariants broken — and a closing line. Trial logs and the directories of trials that broke an
// invariant stay under the work root; a run that broke anything says how to replay it.
using System.Diagnostics;
using System.Globalization;

namespace BodyCamDevice.Torture;

internal sealed class TortureRun(TortureEnvironment environment, int seed, int? trials, TextWriter output)
{
    private sealed record Row(string Fault, int Trials, int Survived, double LostSeconds, double WorstLostSeconds, IReadOnlyList<string> Broken, TimeSpan Took);

    public async Task<int> RunAsync(IReadOnlyList<Fault> faults)
    {
        var rows = new List<Row>();
        var total = Stopwatch.StartNew();
        output.WriteLine($"torture: seed {seed}; work in {environment.WorkRoot}");
        foreach (var fault in faults)
        {
            int count = trials ?? fault.FullTrials;
            int survived = 0;
            double lost = 0;
            double worst = 0;
            var broken = new List<string>();
            bool lastSurvived = false;
            var clock = Stopwatch.StartNew();
            output.WriteLine($"{fault.Name}: {fault.Description}");
            for (int number = 1; number <= count; number++)
            {
                var trial = new Trial(environment, fault.Name, number, seed);
                try
                {
                    await fault.RunTrialAsync(trial);
                }
                catch (Exception exception)
                {
                    trial.Break("trial", $"the trial itself failed: {exception}");
                }

                trial.Close();
                lastSurvived = trial.Survived;
                lost += trial.LostSeconds;
                worst = Math.Max(worst, trial.LostSeconds);
                if (trial.Survived)
                {
                    survived++;
                    if (!environment.Keep)
                    {
                        File.Delete(trial.LogPath);
                    }
                }
                else
                {
                    broken.AddRange(trial.Broken.Select(line => $"trial {number}: {line}"));
                    output.WriteLine($"  trial {number} broke: {string.Join("; ", trial.Broken.Select(line => line.Split('\n')[0]))} (log {trial.LogPath})");
                }
            }

            var end = new Trial(environment, fault.Name + "-end", 0, seed);
            try
            {
                await fault.FinishAsync(end);
            }
            catch (Exception exception)
            {
                end.Break("trial", $"ending the fault's last device failed: {exception}");
            }

            end.Close();
            if (end.Survived)
            {
                File.Delete(end.LogPath);
            }
            else
            {
                // The device the last trial left running: its trial did not survive after all.
                survived -= lastSurvived ? 1 : 0;
                broken.AddRange(end.Broken.Select(line => $"trial {count} (ending its device): {line}"));
                output.WriteLine($"  trial {count} broke when its device was ended: {string.Join("; ", end.Broken.Select(line => line.Split('\n')[0]))} (log {end.LogPath})");
            }

            rows.Add(new Row(fault.Name, count, survived, lost, worst, broken, clock.Elapsed));
        }

        output.WriteLine();
        output.WriteLine("| Fault | Trials | Survived | Footage lost (s): total / worst trial | Invariant broken | Time |");
        output.WriteLine("|---|---:|---:|---:|---|---:|");
        foreach (var row in rows)
        {
            string broken = row.Broken.Count == 0 ? "none" : string.Join("; ", row.Broken.Select(line => line.Split('\n')[0]).Distinct().Take(3)) + (row.Broken.Count > 3 ? " …" : "");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {row.Fault} | {row.Trials} | {row.Survived} | {row.LostSeconds:F2} / {row.WorstLostSeconds:F2} | {broken} | {row.Took.TotalMinutes:F1} min |"));
        }

        int trialCount = rows.Sum(row => row.Trials);
        int failed = trialCount - rows.Sum(row => row.Survived);
        output.WriteLine();
        if (failed == 0)
        {
            output.WriteLine($"torture: {trialCount} trials of {rows.Count} faults, every invariant held (seed {seed}, {total.Elapsed.TotalMinutes:F1} min)");
            return 0;
        }

        string only = rows.Count == 1 ? $" --only {rows[0].Fault}" : "";
        output.WriteLine($"torture: {failed} of {trialCount} trials broke an invariant; replay with ./dev torture --seed {seed}{only}{(trials is { } n ? $" --trials {n}" : "")}");
        return 1;
    }
}
