namespace Lambda.BashRuntime.Emulator.Environments;

/// <summary>
/// Life of an execution environment: Starting → Serving → Answered → Idle → Reserved → Serving → ...; any state →
/// Dead (process gone or killed) → Retired (released by the invoke that held it); Idle → Retired at once when the
/// process ends between invokes. An invoke holds it in every state but Idle and Retired.
/// </summary>
public enum EnvironmentState
{
    /// <summary>Process started for its first invoke; the runtime has not asked for an event yet (init phase).</summary>
    Starting,
    /// <summary>Warm: free for the next invoke of the same function revision.</summary>
    Idle,
    /// <summary>Taken by an invoke; its event waits for the runtime's /next.</summary>
    Reserved,
    /// <summary>The runtime has the event (its /next was answered) and has not answered yet.</summary>
    Serving,
    /// <summary>The invocation has its result (or init failed); the invoke still holds the environment.</summary>
    Answered,
    /// <summary>Process gone or being killed; the invoke that held it has not let go yet.</summary>
    Dead,
    /// <summary>Dead and let go: its slot can take a new environment. Final.</summary>
    Retired,
}

/// <summary>What the Runtime API answers to a runtime's call.</summary>
public enum RuntimeCallOutcome
{
    Accepted,
    /// <summary>400 InvalidRequestID: the id is not the invocation this environment is serving.</summary>
    InvalidRequestId,
    /// <summary>403 InvalidStateTransition: e.g. a second answer, an answer before /next, init error after init.</summary>
    InvalidState,
}
