using System.Net.Http.Headers;
using System.Threading.Channels;
using Lambda.BashRuntime.Emulator.Processes;

namespace Lambda.BashRuntime.Tests.Infrastructure;

/// <summary>
/// Stands in for the runtime process: records each launch (its environment), and lets the test speak the Runtime
/// API itself over HTTP, to check exactly what the emulator answers.
/// </summary>
public sealed class ScriptedRuntime : IRuntimeLauncher
{
    private readonly Channel<FakeProcess> _launches = Channel.CreateUnbounded<FakeProcess>();

    public IRuntimeProcess Launch(RuntimeLaunch launch)
    {
        var process = new FakeProcess(launch);
        _launches.Writer.TryWrite(process);
        return process;
    }

    /// <summary>The next runtime the emulator starts.</summary>
    public async Task<FakeProcess> NextLaunchAsync()
        => await _launches.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    public sealed class FakeProcess : IRuntimeProcess
    {
        private static int s_nextId = 1_000_000;
        private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public FakeProcess(RuntimeLaunch launch)
        {
            Launch = launch;
            Api = new HttpClient
            {
                BaseAddress = new Uri($"http://{launch.Environment["AWS_LAMBDA_RUNTIME_API"]}/2018-06-01/runtime/"),
                Timeout = TimeSpan.FromSeconds(30),
            };
        }

        public RuntimeLaunch Launch { get; }
        public HttpClient Api { get; }
        public int Id { get; } = Interlocked.Increment(ref s_nextId);
        public Task<int> Exited => _exited.Task;
        public int? PeakMemoryMb => null;
        public long StartedTimestamp { get; } = System.Diagnostics.Stopwatch.GetTimestamp();
        public bool OutOfMemory => false;
        public bool Killed { get; private set; }

        public void KillAll()
        {
            Killed = true;
            _exited.TrySetResult(137);
        }

        /// <summary>The runtime exits by itself with this code.</summary>
        public void Exit(int code) => _exited.TrySetResult(code);

        public Task<HttpResponseMessage> NextAsync() => Api.GetAsync("invocation/next");

        public Task<HttpResponseMessage> PostAsync(string path, byte[] body, string? errorType = null)
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
            if (errorType is not null)
            {
                request.Headers.Add("Lambda-Runtime-Function-Error-Type", errorType);
            }
            return Api.SendAsync(request);
        }
    }
}
