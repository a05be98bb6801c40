using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using GigStore.Media.Images;

// Six variants from 12-megapixel JPEGs: GigStore's libvips pipeline in this process, ImageMagick's
// convert as a child process doing the same resizes, encodes and metadata stripping.
//   dotnet run -c Release --project bench/GigStore.MediaBench -- [--runs 30] [--images 3]
var runs = Option("--runs", 30);
var imageCount = Option("--images", 3);
var convert = File.Exists("/usr/bin/convert-im6.q16") ? "/usr/bin/convert-im6.q16" : "/usr/bin/convert";
var work = Directory.CreateTempSubdirectory("gigstore-mediabench-").FullName;
try
{
    Console.WriteLine($"Media benchmark: {runs} uploads per tool over {imageCount} generated 4000×3000 JPEGs (temp {work})");
    var sources = new List<string>();
    for (var i = 0; i < imageCount; i++)
    {
        var path = Path.Combine(work, $"source-{i}.jpg");
        Run(convert, $"-seed {i + 1} -size 4000x3000 plasma:fractal -blur 0x1 -quality 90 {path}");
        sources.Add(path);
        Console.WriteLine($"  generated {Path.GetFileName(path)}: {new FileInfo(path).Length / 1024} KB");
    }

    var bytes = sources.Select(File.ReadAllBytes).ToList();
    var baselineRss = PeakRssKb();

    // GigStore: warm up (libvips start, JIT), then measure.
    for (var i = 0; i < 2; i++)
    {
        Process(bytes[i % bytes.Count]);
    }

    var vips = new List<double>();
    for (var r = 0; r < runs; r++)
    {
        var started = Stopwatch.GetTimestamp();
        var variants = Process(bytes[r % bytes.Count]);
        vips.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        Console.WriteLine($"  gigstore {r + 1}/{runs}: {vips[^1]:0} ms, {variants} variants");
    }

    var vipsPeak = PeakRssKb();

    // ImageMagick: the same six outputs, with its JPEG shrink-on-load hint so the comparison is fair.
    var magick = new List<double>();
    var magickRss = new List<long>();
    for (var r = 0; r < runs; r++)
    {
        var source = sources[r % sources.Count];
        var o = Path.Combine(work, "im");
        var arguments =
            $"-define jpeg:size=3200x2400 {source} -auto-orient -strip " +
            $"( +clone -resize 1600x> -quality 80 -write {o}-1600.webp -quality 82 -interlace JPEG -write {o}-1600.jpg +delete ) " +
            $"( +clone -resize 800x> -quality 80 -write {o}-800.webp -quality 82 -interlace JPEG -write {o}-800.jpg +delete ) " +
            $"-resize 400x> -quality 80 -write {o}-400.webp -quality 82 -interlace JPEG {o}-400.jpg";
        var started = Stopwatch.GetTimestamp();
        var timing = Run("/usr/bin/time", $"-f %M {convert} {arguments}");
        magick.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        magickRss.Add(long.Parse(timing.Trim().Split('\n')[^1], CultureInfo.InvariantCulture));
        Console.WriteLine($"  imagemagick {r + 1}/{runs}: {magick[^1]:0} ms, peak {magickRss[^1] / 1024} MB");
    }

    Console.WriteLine();
    Console.WriteLine($"### Image variants from a 12-megapixel JPEG ({DateTime.UtcNow:yyyy-MM-dd})");
    Console.WriteLine();
    Console.WriteLine($"Machine: {Environment.ProcessorCount} logical CPUs, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
    Console.WriteLine();
    Console.WriteLine("| tool | n | min | median | p95 | max | peak memory |");
    Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    Console.WriteLine($"| GigStore (libvips 8.14, in process) | {Row(vips)} | {(vipsPeak - baselineRss) / 1024} MB above the process's {baselineRss / 1024} MB before the first image |");
    Console.WriteLine($"| ImageMagick 6 `convert` (child process) | {Row(magick)} | {magickRss.Max() / 1024} MB (max RSS) |");
    Console.WriteLine();
    Console.WriteLine($"Median ratio ImageMagick / GigStore: {Percentile(magick, 50) / Percentile(vips, 50):0.0}×; p95 ratio {Percentile(magick, 95) / Percentile(vips, 95):0.0}×.");
    return 0;
}
finally
{
    Directory.Delete(work, recursive: true);
}

static int Process(byte[] data)
{
    var (image, rejection) = ImagePipeline.Process(data);
    return image is null ? throw new InvalidOperationException(rejection!.Message) : image.Variants.Count;
}

static string Run(string file, string arguments)
{
    var info = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
    foreach (var argument in arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
    {
        info.ArgumentList.Add(argument);
    }

    using var process = System.Diagnostics.Process.Start(info)!;
    var error = process.StandardError.ReadToEndAsync();
    process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    return process.ExitCode == 0 ? error.Result : throw new InvalidOperationException($"{file} {arguments} failed: {error.Result}");
}

static long PeakRssKb() =>
    long.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

static double Percentile(List<double> values, int p)
{
    var sorted = values.Order().ToList();
    return sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
}

static string Row(List<double> v) => $"{v.Count} | {v.Min():0} | {Percentile(v, 50):0} | {Percentile(v, 95):0} | {v.Max():0}";

int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
