using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Respite.Data;

/// <summary>
/// Stores instants as UTC <see cref="DateTime"/> values, which both providers can order and compare:
/// PostgreSQL maps them to <c>timestamp with time zone</c>, SQLite to sortable ISO text.
/// </summary>
public sealed class UtcDateTimeOffsetConverter() : ValueConverter<DateTimeOffset, DateTime>(
    value => value.UtcDateTime,
    value => new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc)));
