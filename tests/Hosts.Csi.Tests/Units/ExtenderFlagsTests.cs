using System.CommandLine;
using OpenLocal.Cli.Commands;

namespace OpenLocal.Hosts.Csi.Tests.Units;

/// <summary>Issue 19 item 6: <c>openlocal extender --max-request-body</c> refuses limits it cannot honour before starting anything.</summary>
public sealed class ExtenderFlagsTests
{
    [Theory]
    [InlineData("lots")]
    [InlineData("1Ki")]
    [InlineData("2Gi")]
    [InlineData("-16Mi")]
    public async Task An_unusable_body_limit_stops_start_up_with_one_line(string value)
    {
        using var error = new StringWriter();

        var exit = await ExtenderCommand.Create().Parse(["--max-request-body", value]).InvokeAsync(new InvocationConfiguration { Error = error });

        Assert.Equal(2, exit);
        Assert.Contains("--max-request-body", error.ToString(), StringComparison.Ordinal);
    }
}
