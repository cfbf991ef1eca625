using MiniOdooServer.Experiments.Sizing.Log;

namespace MiniOdooServer.Experiments.Sizing.Model;

/// <summary>
/// Answers "how many workers" from the log alone: walks the worker count up from 1 with the <see cref="QueueingModel"/>
/// until the p95 at the busiest window × speed holds the target; then finds the fewest cores with which some worker
/// count does (the model sizes machines larger than the one it runs on).
/// </summary>
internal static class CapacityPlanner
{
    public const int MaxWorkers = 256;
    public const int MaxCores = 256;

    public static SizingAnswer Answer(AccessLogSummary log, int cores, double speed, double targetP95Seconds)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetP95Seconds);
        var model = new QueueingModel(log, cores);
        var points = new List<ModelPoint>();
        ModelPoint? answer = null;
        for (var workers = 1; workers <= MaxWorkers; workers++)
        {
            var point = model.Evaluate(workers, speed);
            points.Add(point);
            if (point.P95Peak <= targetP95Seconds)
            {
                answer = point;
                break;
            }
            // Saturated cores make every count overloaded; hardly any waiting means the service time alone misses the
            // target: in both cases more workers cannot help.
            if ((point.CpuUtilisation >= 1 && workers > cores) || point.ProbabilityOfWaiting < 1e-3) break;
        }

        var coresNeeded = log.PeakWindowPythonPerSecond * speed;
        var (coresForTarget, workersForTarget) = answer is not null ? (cores, answer.Workers) : FewestCores(log, speed, targetP95Seconds, coresNeeded);
        return new SizingAnswer(speed, targetP95Seconds, cores, log.BusiestPhase.Requests / log.Window.TotalSeconds * speed, coresNeeded,
            log.MeanPythonPerSecond * speed, answer?.Workers, answer, coresForTarget, workersForTarget,
            model.EvaluateThreadedGil(speed), points);
    }

    private static (int? Cores, int? Workers) FewestCores(AccessLogSummary log, double speed, double target, double coresNeeded)
    {
        for (var cores = Math.Max(1, (int)Math.Floor(coresNeeded) + 1); cores <= MaxCores; cores++)
        {
            var model = new QueueingModel(log, cores);
            for (var workers = 1; workers <= MaxWorkers; workers++)
            {
                var point = model.Evaluate(workers, speed);
                if (point.P95Peak <= target) return (cores, workers);
                if (point.ProbabilityOfWaiting < 1e-3) break; // more workers would not help
            }
        }
        return (null, null);
    }
}
