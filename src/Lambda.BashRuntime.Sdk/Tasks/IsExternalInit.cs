namespace System.Runtime.CompilerServices;

/// <summary>Lets netstandard2.0 compile records and init-only properties.</summary>
internal static class IsExternalInit
{
}
