namespace Lambda.BashRuntime.Emulator.Environments;

/// <summary>Life of an execution environment. Dead is final.</summary>
public enum EnvironmentState
{
    /// <summary>Process started for its first invoke; the runtime has not asked for an event yet (init phase).</summary>
    Starting,
    /// <summary>Serving one invoke.</summary>
    Busy,
    /// <summary>Warm: free for the next invoke of the same function revision.</summary>
    Idle,
    /// <summary>Process gone or being killed; its slot can take a new environment.</summary>
    Dead,
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
