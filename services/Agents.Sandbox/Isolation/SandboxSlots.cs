using Microsoft.Extensions.Options;

namespace Agents.Sandbox.Isolation;

/// <summary>Bounds parallel verifications and hands each a slot number (which picks its sandbox uid).</summary>
internal sealed class SandboxSlots(IOptions<SandboxOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(options.Value.MaxParallelVerifications, options.Value.MaxParallelVerifications);
    private readonly bool[] _taken = new bool[options.Value.MaxParallelVerifications];

    public async Task<Lease> AcquireAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        lock (_taken)
        {
            var slot = Array.IndexOf(_taken, false);
            _taken[slot] = true;
            return new Lease(this, slot);
        }
    }

    public void Dispose() => _gate.Dispose();

    private void Release(int slot)
    {
        lock (_taken)
        {
            _taken[slot] = false;
        }
        _gate.Release();
    }

    public sealed class Lease(SandboxSlots owner, int slot) : IDisposable
    {
        public int Slot { get; } = slot;

        public void Dispose() => owner.Release(Slot);
    }
}
