using Microsoft.Extensions.FileProviders;

namespace Agents.Gateway.Infrastructure;

internal static class WebPageExtensions
{
    /// <summary>
    /// Serves wwwroot (index.html, app.js, app.css: no build step). The files are copied next to the assembly, so the
    /// page works whatever the working directory is.
    /// </summary>
    public static IApplicationBuilder UseWebPage(this IApplicationBuilder app)
    {
        var root = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        var files = Directory.Exists(root) ? new PhysicalFileProvider(root) : null;
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        return app;
    }
}
