using System.Net.Http.Headers;
using System.Text.Json;

namespace CifarLab.Web.Tests.Abuse;

/// <summary>
/// Every row of <see cref="AbuseCases"/> against the real host: the expected status with a problem+json body
/// (type, title, status, and the field a 400 names), and nothing queued, cancelled or deleted by it.
/// </summary>
public sealed class AbuseSuiteTests(AbuseHost host) : IClassFixture<AbuseHost>
{
    /// <summary>The problem type of each status (RFC 9110, and RFC 6585 for 429), as ASP.NET Core writes them.</summary>
    private static readonly Dictionary<int, string> Types = new()
    {
        [400] = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        [403] = "https://tools.ietf.org/html/rfc9110#section-15.5.4",
        [404] = "https://tools.ietf.org/html/rfc9110#section-15.5.5",
        [405] = "https://tools.ietf.org/html/rfc9110#section-15.5.6",
        [413] = "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        [415] = "https://tools.ietf.org/html/rfc9110#section-15.5.16",
    };

    [Fact]
    public void The_table_has_at_least_150_rows_and_every_400_says_which_field_or_what_was_wrong()
    {
        Assert.True(AbuseCases.All.Count >= 150, $"{AbuseCases.All.Count} rows");
        Assert.All(AbuseCases.All.Values.Where(r => r.Status == 400), r => Assert.True(r.Field is not null || r.Title is not null, r.Name));
    }

    [Theory]
    [MemberData(nameof(AbuseCases.Names), MemberType = typeof(AbuseCases))]
    public async Task A_hostile_request_gets_its_problem_and_changes_nothing(string name)
    {
        var row = AbuseCases.All[name];
        var before = await host.StateAsync();

        using var response = await host.Factory.CreateClient().SendAsync(Request(row));
        var text = await response.Content.ReadAsStringAsync();

        Assert.True((int)response.StatusCode == row.Status, $"{row.Name}: expected {row.Status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal(row.Status, problem.GetProperty("status").GetInt32());
        Assert.Equal(Types[row.Status], problem.GetProperty("type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()), text);
        if (row.Title is not null)
        {
            Assert.Equal(row.Title, problem.GetProperty("title").GetString());
        }
        if (row.Field is not null)
        {
            Assert.True(problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(row.Field, out _), $"{row.Name}: no error for '{row.Field}': {text}");
        }
        if (row.Mentions is not null)
        {
            var said = row.Field is not null ? problem.GetProperty("errors").GetProperty(row.Field).ToString() : problem.GetProperty("detail").GetString();
            Assert.Contains(row.Mentions, said, StringComparison.Ordinal);
        }
        Assert.Equal(before, await host.StateAsync());
    }

    private HttpRequestMessage Request(AbuseCase row)
    {
        var path = row.Path.Replace(AbuseCase.SeededRun, host.SeededRunId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var headers = new Dictionary<string, string>(row.Headers);
        // TestServer takes the Host header from the address.
        var address = headers.Remove("Host", out var hostName) ? new Uri($"http://{hostName}{path}") : new Uri(path, UriKind.Relative);
        var request = new HttpRequestMessage(row.Method, address);
        foreach (var (key, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(key, value);
        }
        HttpContent? content = row switch
        {
            { DeclaredLength: { } length } => new StreamContent(new ZeroStream(length)) { Headers = { ContentLength = length } },
            { Body: { } body, Chunked: true } => new StreamContent(new MemoryStream(body)),
            { Body: { } body } => new ByteArrayContent(body),
            _ => null,
        };
        if (content is not null)
        {
            content.Headers.ContentType = row.ContentType is null ? null : MediaTypeHeaderValue.Parse(row.ContentType);
            request.Content = content;
            if (row.Chunked)
            {
                request.Headers.TransferEncodingChunked = true;
            }
        }
        return request;
    }

    /// <summary>A body of zeros of the given length, produced only as it is read.</summary>
    private sealed class ZeroStream(long length) : Stream
    {
        private long _position;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            Array.Clear(buffer, offset, n);
            _position += n;
            return n;
        }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
