using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace MlWorkflow.Api.Auth;

public static class AuthServiceExtensions
{
    private static int s_developmentKeyWarned;

    public static void AddJwtAuthentication(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<JwtOptions>()
            .BindConfiguration(JwtOptions.Section)
            .PostConfigure<IHostEnvironment, ILoggerFactory>(UseDevelopmentKeyIfMissing)
            .Validate(o => o.SigningKey is { Length: >= JwtOptions.MinimumKeyLength },
                $"Jwt:SigningKey is missing or shorter than {JwtOptions.MinimumKeyLength} characters. Set it to a random " +
                "secret (e.g. the environment variable Jwt__SigningKey=$(openssl rand -base64 48)); only the " +
                "Development environment falls back to a built-in key.")
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<JwtOptions>>((bearer, jwt) =>
            {
                bearer.MapInboundClaims = false;
                bearer.TokenValidationParameters = TokenIssuer.ValidationParameters(jwt.Value);
                bearer.Events = new JwtBearerEvents
                {
                    OnChallenge = AuthChallenge.WriteProblemAsync,
                    OnMessageReceived = ReadWebSocketQueryToken,
                };
            });
        builder.Services.AddAuthorization();

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<TokenIssuer>();
    }

    /// <summary>Browsers cannot set headers on a WebSocket, so <c>/ws/logs</c> (and only it) also takes <c>?access_token=</c>.</summary>
    private static Task ReadWebSocketQueryToken(MessageReceivedContext context)
    {
        if (context.HttpContext.Request.Path.StartsWithSegments(WebSocketTokenPath)
            && string.IsNullOrEmpty(context.Request.Headers.Authorization)
            && context.Request.Query.TryGetValue("access_token", out var token))
        {
            context.Token = token.ToString();
        }
        return Task.CompletedTask;
    }

    public const string WebSocketTokenPath = "/ws/logs";

    private static void UseDevelopmentKeyIfMissing(JwtOptions options, IHostEnvironment environment, ILoggerFactory loggers)
    {
        if (string.IsNullOrWhiteSpace(options.SigningKey) && environment.IsDevelopment())
        {
            options.SigningKey = JwtOptions.DevelopmentSigningKey;
            if (Interlocked.Exchange(ref s_developmentKeyWarned, 1) == 0)
            {
                loggers.CreateLogger(typeof(AuthServiceExtensions)).LogWarning(
                    "Jwt:SigningKey is not set; using the built-in development key. Tokens are not secure; set Jwt:SigningKey outside Development");
            }
        }
    }
}
