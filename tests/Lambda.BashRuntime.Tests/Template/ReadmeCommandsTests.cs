using Lambda.BashRuntime.Tests.Infrastructure;

namespace Lambda.BashRuntime.Tests.Template;

/// <summary>What GeneratedReadmeWalkTests walks: the commands ReadmeCommands reads from the template's README.</summary>
public sealed class ReadmeCommandsTests
{
    private static IReadOnlyList<ReadmeCommand> English => ReadmeCommands.Read(Path.Combine(RepoPaths.Template, "README.md"));

    [Fact]
    public void Run_locally_block_gives_three_steps_with_their_comments()
    {
        var steps = English.Where(c => c.Section == "Run locally (no AWS account needed)").Take(3).ToArray();

        Assert.Equal(["dotnet run", "", "dotnet run -- invoke --event events/hello.json"], steps.Select(s => s.Text));
        Assert.StartsWith("1. serves the function on http://127.0.0.1:3001", steps[0].Comment);
        Assert.StartsWith("2. edit function.sh and save", steps[1].Comment);
        Assert.StartsWith("3. in another terminal", steps[2].Comment);
    }

    [Fact]
    public void A_line_ending_in_a_backslash_is_joined_with_the_next_and_prose_indented_by_a_list_is_not_code()
    {
        using var folder = new TempFolder();
        var readme = Path.Combine(folder.Path, "README.md");
        File.WriteAllText(readme, """
            ## Section

            The AWS CLI:

                aws lambda invoke --function-name f \
                    --payload '{}' out.json   # the answer goes to out.json

            - a list item
                continued under it, not a command
            """);

        var commands = ReadmeCommands.Read(readme);

        Assert.Equal([new ReadmeCommand("Section", "aws lambda invoke --function-name f --payload '{}' out.json", "the answer goes to out.json")], commands);
    }

    [Fact]
    public void Prose_and_table_lines_are_not_commands()
    {
        Assert.DoesNotContain(English, c => c.Text.StartsWith('|') || c.Text.StartsWith("#", StringComparison.Ordinal) || c.Text.StartsWith("<!--", StringComparison.Ordinal));
    }
}
