using System.Net;
using System.Text;
using System.Text.Json;

namespace Lambda.BashRuntime.Tests.WebConsole;

/// <summary>POST /console/api/events: the console's "Save event", behind the same token/cookie and origin checks.</summary>
public sealed class EventSaveTests : IAsyncLifetime
{
    private ConsoleSession _session = null!;
    private HttpClient _http = null!;

    private string Events => _session.Host.Options.WebConsole!.EventsDirectory!;

    public async Task InitializeAsync()
    {
        _session = await ConsoleSession.StartAsync();
        _http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = _session.Host.BaseUrl,
        };
        using (await _http.GetAsync(_session.ConsoleUrl)) // the token traded for the cookie
        {
        }
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _session.DisposeAsync();
    }

    [Fact]
    public async Task A_new_name_is_saved_an_existing_one_only_when_confirmed_and_a_bad_name_or_JSON_never()
    {
        var created = await SaveAsync("order-created", """{"id":1}""");
        var again = await SaveAsync("order-created.json", """{"id":2}""");
        var kept = File.ReadAllText(Path.Combine(Events, "order-created.json"));
        var replaced = await SaveAsync("order-created", """{"id":3}""", overwrite: true);
        var badName = await SaveAsync("../escape", "{}");
        var hidden = await SaveAsync(".hidden", "{}");
        var notJson = await SaveAsync("broken", "{");

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Contains("events/order-created.json exists already", again.Message);
        Assert.Equal("{\"id\":1}\n", kept);
        Assert.Equal(HttpStatusCode.OK, replaced.Status);
        Assert.Equal("{\"id\":3}\n", File.ReadAllText(Path.Combine(Events, "order-created.json")));
        Assert.Equal(HttpStatusCode.BadRequest, badName.Status);
        Assert.Contains("is not a plain file name", badName.Message);
        Assert.Equal(HttpStatusCode.BadRequest, hidden.Status);
        Assert.Equal(HttpStatusCode.BadRequest, notJson.Status);
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(Events)!, "escape.json")));
        Assert.Equal(["hello.json", "order-created.json"], Directory.GetFiles(Events).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task A_link_out_of_the_events_folder_is_never_written_through_even_when_confirmed()
    {
        var outside = Path.Combine(Path.GetDirectoryName(Events)!, "credentials");
        File.WriteAllText(outside, "secret");
        File.CreateSymbolicLink(Path.Combine(Events, "creds.json"), outside);

        var refused = await SaveAsync("creds", """{"x":1}""", overwrite: true);

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Contains("symbolic link out of the events folder", refused.Message);
        Assert.Equal("secret", File.ReadAllText(outside));
    }

    [Fact]
    public async Task Without_the_cookie_or_from_another_origin_nothing_is_saved()
    {
        using var stranger = new HttpClient { BaseAddress = _session.Host.BaseUrl };
        var noCookie = await stranger.PostAsync("/console/api/events", Body("stranger", "{}", false));
        using var foreign = new HttpRequestMessage(HttpMethod.Post, "/console/api/events") { Content = Body("foreign", "{}", false) };
        foreign.Headers.TryAddWithoutValidation("Origin", "http://evil.example");
        var foreignOrigin = await _http.SendAsync(foreign);

        Assert.Equal(HttpStatusCode.Unauthorized, noCookie.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, foreignOrigin.StatusCode);
        Assert.Equal(["hello.json"], Directory.GetFiles(Events).Select(Path.GetFileName));
    }

    [Fact]
    public async Task The_samples_are_generate_events_kinds_filled_with_the_emulators_region()
    {
        var kinds = JsonDocument.Parse(await _http.GetStringAsync("/console/api/samples")).RootElement;
        var sqs = JsonDocument.Parse(await _http.GetStringAsync("/console/api/samples/sqs")).RootElement;
        using var unknown = await _http.GetAsync("/console/api/samples/nope");

        Assert.Contains(kinds.EnumerateArray(), k => k.GetProperty("name").GetString() == "sqs");
        Assert.Contains(_session.Host.Options.Region, sqs.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    private async Task<(HttpStatusCode Status, string Message)> SaveAsync(string name, string content, bool overwrite = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/console/api/events") { Content = Body(name, content, overwrite) };
        request.Headers.TryAddWithoutValidation("Origin", _session.Origin);
        using var response = await _http.SendAsync(request);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return (response.StatusCode, body.GetProperty("message").GetString()!);
    }

    private static StringContent Body(string name, string content, bool overwrite)
        => new(JsonSerializer.Serialize(new { name, content, overwrite }), Encoding.UTF8, "application/json");
}
