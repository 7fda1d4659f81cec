namespace Respite.Data.Protocols;

/// <summary>
/// One saved version of a clinic's protocol (an edit of a cited default, or a protocol of the clinic's own). Rows are
/// only ever added: the highest revision of a protocol id is the one in use; plans record the revision they used.
/// </summary>
public sealed class ProtocolRevision
{
    public Guid Id { get; set; }

    public string ProtocolId { get; set; } = "";

    /// <summary>1, 2, …; revision 0 is the cited default in code and is never stored.</summary>
    public int Revision { get; set; }

    /// <summary>The whole protocol definition as JSON.</summary>
    public string DefinitionJson { get; set; } = "";

    /// <summary>Set when this revision restores the cited default.</summary>
    public bool IsReset { get; set; }

    /// <summary>The clinical governance reason for the change.</summary>
    public string Reason { get; set; } = "";

    public string ChangedByUserId { get; set; } = "";

    public string ChangedByName { get; set; } = "";

    public DateTimeOffset ChangedAt { get; set; }
}
