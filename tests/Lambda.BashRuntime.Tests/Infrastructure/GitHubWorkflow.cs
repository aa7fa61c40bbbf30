using YamlDotNet.RepresentationModel;

namespace Lambda.BashRuntime.Tests.Infrastructure;

/// <summary>One step of a workflow job: an action (`uses`) or a shell script (`run`), with its inputs and environment.</summary>
public sealed record WorkflowStep(
    string? Name, string? Uses, string? Run, string? If, string? WorkingDirectory,
    IReadOnlyDictionary<string, string> With, IReadOnlyDictionary<string, string> Env);

/// <summary>One job of a workflow, with the working directory its `defaults.run` gives its steps.</summary>
public sealed record WorkflowJob(string Id, YamlMappingNode Node, string? WorkingDirectory, IReadOnlyList<WorkflowStep> Steps)
{
    public string? Scalar(params string[] path) => GitHubWorkflow.Scalar(Node, path);
}

/// <summary>
/// The GitHub Actions workflow that `dotnet new bash-runtime --ci github` writes, parsed with YamlDotNet (a YAML syntax
/// error fails the load): its text, its jobs in file order and their steps.
/// </summary>
public sealed class GitHubWorkflow
{
    public const string RelativePath = ".github/workflows/lambda.yml";

    private GitHubWorkflow(string text, YamlMappingNode root, IReadOnlyList<WorkflowJob> jobs)
    {
        Text = text;
        Root = root;
        Jobs = jobs;
    }

    public string Text { get; }

    public YamlMappingNode Root { get; }

    public IReadOnlyList<WorkflowJob> Jobs { get; }

    public WorkflowJob Job(string id) => Jobs.Single(j => j.Id == id);

    public IEnumerable<WorkflowStep> Steps => Jobs.SelectMany(j => j.Steps);

    public static GitHubWorkflow Load(string project) => Load(project, RelativePath);

    /// <summary>Another workflow file of a folder (this repository's own .github/workflows/ci.yml).</summary>
    public static GitHubWorkflow Load(string folder, string relativePath)
    {
        var text = File.ReadAllText(Path.Combine(folder, relativePath));
        var yaml = new YamlStream();
        yaml.Load(new StringReader(text));
        var root = Assert.IsType<YamlMappingNode>(Assert.Single(yaml.Documents).RootNode);
        var jobs = new List<WorkflowJob>();
        foreach (var (key, value) in Assert.IsType<YamlMappingNode>(root.Children[new YamlScalarNode("jobs")]).Children)
        {
            var job = Assert.IsType<YamlMappingNode>(value);
            var steps = Assert.IsType<YamlSequenceNode>(job.Children[new YamlScalarNode("steps")]).Children
                .Select(s => Assert.IsType<YamlMappingNode>(s))
                .Select(s => new WorkflowStep(Scalar(s, "name"), Scalar(s, "uses"), Scalar(s, "run"), Scalar(s, "if"),
                    Scalar(s, "working-directory"), Map(s, "with"), Map(s, "env")))
                .ToList();
            jobs.Add(new WorkflowJob(((YamlScalarNode)key).Value!, job, Scalar(job, "defaults", "run", "working-directory"), steps));
        }
        return new GitHubWorkflow(text, root, jobs);
    }

    /// <summary>The scalar at a path of mapping keys, or null when any key is missing.</summary>
    public static string? Scalar(YamlMappingNode node, params string[] path)
    {
        YamlNode current = node;
        foreach (var key in path)
        {
            if (current is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out var next))
            {
                return null;
            }
            current = next;
        }
        return (current as YamlScalarNode)?.Value;
    }

    private static IReadOnlyDictionary<string, string> Map(YamlMappingNode node, string key)
        => node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlMappingNode map
            ? map.Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => ((YamlScalarNode)p.Value).Value ?? "")
            : new Dictionary<string, string>();
}
