using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Respite.Data.Protocols;

namespace Respite.Data.Configurations;

internal sealed class ProtocolRevisionConfiguration : IEntityTypeConfiguration<ProtocolRevision>
{
    public void Configure(EntityTypeBuilder<ProtocolRevision> builder)
    {
        builder.ToTable("protocol_revisions");
        builder.Property(r => r.ProtocolId).HasMaxLength(60);
        builder.Property(r => r.Reason).HasMaxLength(2000);
        builder.Property(r => r.ChangedByUserId).HasMaxLength(450);
        builder.Property(r => r.ChangedByName).HasMaxLength(200);
        builder.HasIndex(r => new { r.ProtocolId, r.Revision }).IsUnique();
    }
}
