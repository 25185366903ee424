using System.CommandLine;
using ImbalanceMesh.Cli.Commands.Plans;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Core.Adjustment;
using ImbalanceMesh.Core.Budgets;
using ImbalanceMesh.Core.Statistics;
using ImbalanceMesh.Core.Transfer;

namespace ImbalanceMesh.Cli.Commands.Training;

/// <summary>The model, loss, optimiser and job flags of `imesh train`, and the TrainingSpec they make.</summary>
public static class TrainOptions
{
    public static readonly Option<string?> Dataset = new("--dataset") { Description = "Dataset to train on (latest sealed version)." };
    public static readonly Option<string?> Plan = new("--plan") { Description = "An existing plan id (imesh plan create); instead, give the plan flags inline." };
    public static readonly Option<string> Model = new("--model")
    {
        Description = "cnn | resnet20 | resnet32, or a torchvision backbone: resnet18 | resnet34 | resnet50 | vgg16 (224 px RGB, ImageNet mean/std unless the plan flags say otherwise).",
        DefaultValueFactory = _ => "cnn",
    };
    public static readonly Option<int> Width = new("--width") { Description = "Base channel width of cnn/resnet20/resnet32, a multiple of 16.", DefaultValueFactory = _ => 16 };
    public static readonly Option<string?> Pretrained = new("--pretrained") { Description = "A torchvision state dict (.pth or .safetensors) to start the backbone from; uploaded to the training service." };
    public static readonly Option<string?> PretrainedPath = new("--pretrained-path") { Description = "The same, as a path on the training service's machine (below its Training:AllowedRoots): nothing is uploaded." };
    public static readonly Option<int?> FreezeEpochs = new("--freeze-epochs") { Description = "Epochs training only the new head, backbone frozen, before all layers train with discriminative rates (default 1 with --pretrained)." };
    public static readonly Option<string?> Loss = new("--loss")
    {
        Description = "ce | weighted-ce | focal | class-balanced | logit-adjusted | balanced-softmax | ldam-drw (default ce, or the --strategy's).",
    };
    public static readonly Option<string?> Strategy = new("--strategy")
    {
        Description = $"A strategy: a name or parts joined by '+', e.g. oversample+logit-adjusted, mixup+drw, balanced+remix+mix-off=3 ({Core.Strategies.StrategyParts.Known}). It sets the sampling, mixing and loss; a flag that contradicts it is refused.",
    };
    public static readonly Option<string?> Weights = new("--weights") { Description = "Class-weight rule for weighted-ce: balanced | inverse | inverse_sqrt | effective_number (default balanced)." };
    public static readonly Option<double?> FocalGamma = new("--focal-gamma") { Description = "Focal γ ≥ 0 (default 2; 0 = cross-entropy)." };
    public static readonly Option<double[]> FocalAlpha = new("--focal-alpha") { Description = "Focal α per class, in class order.", AllowMultipleArgumentsPerToken = true };
    public static readonly Option<double?> CbBeta = new("--cb-beta") { Description = "Effective-number β in (0, 1) (default 0.999; 0.9999 for ldam-drw)." };
    public static readonly Option<double?> Tau = new("--tau") { Description = "Logit adjustment τ ≥ 0 (default 1)." };
    public static readonly Option<double?> LdamMaxMargin = new("--ldam-max-margin") { Description = "Largest LDAM margin, > 0 (default 0.5)." };
    public static readonly Option<int?> DrwStartEpoch = new("--drw-start-epoch") { Description = "Epoch (0-based) from which DRW re-weights (default 0.8 × epochs; 0 = from the start)." };
    public static readonly Option<string> Optimizer = new("--optimizer") { Description = "sgd | adam | adamw.", DefaultValueFactory = _ => "adamw" };
    public static readonly Option<double?> LearningRate = new("--lr") { Description = "Learning rate > 0 (default 0.05 for sgd, 0.003 otherwise)." };
    public static readonly Option<double?> Momentum = new("--momentum") { Description = "SGD momentum (default 0.9; 0 = plain SGD)." };
    public static readonly Option<double> WeightDecay = new("--weight-decay") { Description = "Weight decay.", DefaultValueFactory = _ => 5e-4 };
    public static readonly Option<string> Schedule = new("--schedule") { Description = "constant | cosine | step.", DefaultValueFactory = _ => "cosine" };
    public static readonly Option<int> WarmupEpochs = new("--warmup-epochs") { Description = "Linear warm-up epochs." };
    public static readonly Option<int?> StepSize = new("--step-size") { Description = "Step schedule: epochs between decays, ≥ 1 (default epochs/3)." };
    public static readonly Option<double?> StepGamma = new("--step-gamma") { Description = "Step schedule: decay factor in (0, 1] (default 0.1)." };
    public static readonly Option<string> Device = new("--device") { Description = "auto | cpu | cuda.", DefaultValueFactory = _ => "auto" };
    public static readonly Option<int> Threads = new("--threads")
    {
        Description = "libtorch threads (0 = service default); at most the training machine's cores (or its Training:MaxThreads).",
    };
    public static readonly Option<int?> ValidationSamples = new("--validation-samples") { Description = "Validation images scored each epoch (a fixed stratified subset; the whole split is scored at the end); default 4096, 0 = the whole split every epoch." };
    public static readonly Option<double?> ValidationPriorAdjustment = new("--validation-prior-adjustment")
    {
        Description = "τ ≥ 0: score validation after post-hoc logit adjustment from the training mix's class prior to the VAL split's (1 = the whole correction); these scores pick the best checkpoint. Off when not given.",
    };
    public static readonly Option<int> Patience = new("--patience") { Description = "Early stopping: epochs without a better validation balanced accuracy (0 = off)." };
    public static readonly Option<string?> Name = new("--name") { Description = "A name for the job." };

    /// <summary>The cap is the training machine's, which imesh cannot know: the service refuses what exceeds it.</summary>
    private static readonly IntRange NonNegativeThreads = TrainingRanges.Threads(int.MaxValue);

    public static IEnumerable<Option> All =>
    [
        Dataset, Plan, Strategy, Model, Width, Pretrained, PretrainedPath, FreezeEpochs, Loss, Weights, FocalGamma, FocalAlpha, CbBeta, Tau, LdamMaxMargin, DrwStartEpoch,
        Optimizer, LearningRate, Momentum, WeightDecay, Schedule, WarmupEpochs, StepSize, StepGamma, Device, Threads,
        Patience, ValidationSamples, ValidationPriorAdjustment, Name,
    ];

    /// <summary>
    /// The spec; with --plan it trains on that plan, else on a plan made from the inline plan flags (whose --epochs and
    /// --seed are also the job's, and whose --label-smoothing smooths the batches' soft labels).
    /// </summary>
    public static TrainingSpec ToSpec(CliContext ctx, PlanOptions plan)
    {
        var spec = JobSpec(ctx);
        spec.Epochs = TrainingRanges.Epochs.Checked(ctx.Get(plan.Epochs), plan.Epochs);
        spec.Seed = ctx.Get(plan.Seed);
        if (spec.PlanId.Length == 0)
        {
            if (spec.Dataset is null) throw new CliException("give --dataset (with plan flags) or --plan PLAN");
            spec.Plan = plan.ToSpec(ctx, spec.Dataset.Clone());
            // A backbone's own input size unless --image-size is given (the service fills channels and mean/std too).
            if (Backbones.IsBackbone(spec.Model) && !ctx.Given(plan.ImageSize)) spec.Plan.ImageSize = Backbones.ImageSize;
            TrainingRanges.ImageSize.Checked(spec.Plan.ImageSize, plan.ImageSize);
        }
        return spec;
    }

    /// <summary>--pretrained FILE is uploaded first (its SHA-256 goes in the spec); --pretrained-path is sent as it is.</summary>
    public static async Task AttachPretrainedAsync(CliContext ctx, TrainingService.TrainingServiceClient client, TrainingSpec spec,
        CancellationToken ct)
    {
        if (ctx.Get(Pretrained) is not null && ctx.Get(PretrainedPath) is not null)
            throw new CliException("give --pretrained (a local file, uploaded) or --pretrained-path (a file on the training service's machine), not both");
        if (ctx.Get(Pretrained) is { } file) spec.Pretrained = await PretrainedUpload.SendAsync(client, file, ct);
        else if (ctx.Get(PretrainedPath) is { } path) spec.Pretrained = new PretrainedWeights { Path = path };
        if (ctx.Get(FreezeEpochs) is { } freeze) spec.FreezeEpochs = freeze;
    }

    private static TrainingSpec JobSpec(CliContext ctx) => new TrainingSpec
    {
        Name = ctx.Get(Name) ?? "",
        Strategy = ctx.Get(Strategy) ?? "",
        Dataset = ctx.Get(Dataset) is { } dataset ? new DatasetRef { Dataset = dataset } : null,
        PlanId = ctx.Get(Plan) ?? "",
        Model = ctx.Get(Model)!,
        Width = ctx.Get(Width),
        Loss = LossSpec(ctx),
        Optimizer = OptimizerSpec(ctx),
        Device = ctx.Get(Device)!,
        Threads = NonNegativeThreads.Checked(ctx.Get(Threads), Threads),
        EarlyStoppingPatience = ctx.Get(Patience),
    }.WithValidation(ctx.Get(ValidationSamples) is { } n ? TrainingRanges.ValidationSamples.Checked(n, ValidationSamples) : null,
        ctx.Get(ValidationPriorAdjustment));

    private static TrainingSpec WithValidation(this TrainingSpec spec, int? samples, double? priorTau)
    {
        if (samples is { } n) spec.ValidationSamples = n;
        if (priorTau is { } tau)
        {
            if (!LogitAdjustment.IsValidTau(tau))
                throw new CliException($"--validation-prior-adjustment must be a finite number >= 0 (1 = the whole correction), got {tau}");
            spec.ValidationPriorTau = tau;
        }
        return spec;
    }

    /// <summary>A flag left out leaves its field unset, so the service's default applies; a given 0 is sent as 0.</summary>
    private static LossSpec LossSpec(CliContext ctx)
    {
        var loss = new LossSpec
        {
            Name = ctx.Get(Loss) ?? "",
            WeightRule = ctx.Get(Weights) is { } rule ? ParseRule(rule) : Contracts.V1.WeightRule.Unspecified,
            FocalAlpha = { ctx.Get(FocalAlpha) ?? [] },
        };
        if (ctx.Get(FocalGamma) is { } gamma) loss.FocalGamma = gamma;
        if (ctx.Get(CbBeta) is { } beta) loss.CbBeta = beta;
        if (ctx.Get(Tau) is { } tau) loss.Tau = tau;
        if (ctx.Get(LdamMaxMargin) is { } margin) loss.LdamMaxMargin = margin;
        if (ctx.Get(DrwStartEpoch) is { } drw) loss.DrwStartEpoch = drw;
        return loss;
    }

    private static OptimizerSpec OptimizerSpec(CliContext ctx)
    {
        var optimizer = new OptimizerSpec
        {
            Name = ctx.Get(Optimizer)!,
            WeightDecay = ctx.Get(WeightDecay),
            Schedule = ctx.Get(Schedule)!,
            WarmupEpochs = ctx.Get(WarmupEpochs),
        };
        if (ctx.Get(LearningRate) is { } rate) optimizer.LearningRate = rate;
        if (ctx.Get(Momentum) is { } momentum) optimizer.Momentum = momentum;
        if (ctx.Get(StepSize) is { } stepSize) optimizer.StepSize = stepSize;
        if (ctx.Get(StepGamma) is { } stepGamma) optimizer.Gamma = stepGamma;
        return optimizer;
    }

    private static Contracts.V1.WeightRule ParseRule(string name)
    {
        try
        {
            return WeightRuleNames.Parse(name) switch
            {
                Core.Statistics.WeightRule.Balanced => Contracts.V1.WeightRule.Balanced,
                Core.Statistics.WeightRule.Inverse => Contracts.V1.WeightRule.Inverse,
                Core.Statistics.WeightRule.InverseSqrt => Contracts.V1.WeightRule.InverseSqrt,
                Core.Statistics.WeightRule.EffectiveNumber => Contracts.V1.WeightRule.EffectiveNumber,
                _ => throw new CliException($"--weights {name} needs a weight per class, which imesh train cannot pass; use balanced, inverse, inverse_sqrt or effective_number"),
            };
        }
        catch (ArgumentException e)
        {
            throw new CliException(e.Message);
        }
    }
}
