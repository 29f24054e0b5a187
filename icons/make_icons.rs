//! Writes every icon the Tauri bundler and the platforms need from one source image,
//! `icons/source.png` (1024x1024 RGBA), so the icons never drift apart.
//!
//! Run `cargo run -p icon-maker` after changing the source, and commit the results.
//! With `--check` it fails when the committed icons differ from what the source gives.

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use image::imageops::FilterType;
use image::{DynamicImage, ImageFormat, RgbaImage};

/// PNG files: name and edge length. Linux bundles use 32, 64, 128, 256 and icon.png (512);
/// Windows store logos follow.
const PNGS: &[(&str, u32)] = &[
    ("32x32.png", 32),
    ("64x64.png", 64),
    ("128x128.png", 128),
    ("128x128@2x.png", 256),
    // The same 256 px for the Linux packages: Tauri's bundler puts `@2x` files in
    // `hicolor/256x256@2` (a 512 px slot), so the .deb takes this one for `hicolor/256x256`.
    ("256x256.png", 256),
    ("icon.png", 512),
    ("Square30x30Logo.png", 30),
    ("Square44x44Logo.png", 44),
    ("Square71x71Logo.png", 71),
    ("Square89x89Logo.png", 89),
    ("Square107x107Logo.png", 107),
    ("Square142x142Logo.png", 142),
    ("Square150x150Logo.png", 150),
    ("Square284x284Logo.png", 284),
    ("Square310x310Logo.png", 310),
    ("StoreLogo.png", 50),
];

/// Sizes inside `icon.ico` (Windows picks the nearest).
const ICO_SIZES: &[u32] = &[16, 24, 32, 48, 64, 256];

/// Sizes inside `icon.icns` (macOS); each has its own icns type.
const ICNS_SIZES: &[u32] = &[16, 32, 64, 128, 256, 512, 1024];

fn main() -> ExitCode {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let check = std::env::args().any(|a| a == "--check");
    match run(dir, check) {
        Ok(drift) if drift.is_empty() => {
            println!(
                "{}",
                if check {
                    "icons are up to date"
                } else {
                    "icons written"
                }
            );
            ExitCode::SUCCESS
        }
        Ok(drift) => {
            eprintln!("these icons differ from what icons/source.png gives:");
            for path in drift {
                eprintln!("  {}", path.display());
            }
            eprintln!("run `cargo run -p icon-maker` and commit the result");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("cannot make icons: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(dir: &Path, check: bool) -> Result<Vec<PathBuf>, Box<dyn std::error::Error>> {
    let source = image::open(dir.join("source.png"))?.into_rgba8();
    if source.width() != source.height() || source.width() < 1024 {
        return Err(format!(
            "source.png must be square and at least 1024 px, it is {}x{}",
            source.width(),
            source.height()
        )
        .into());
    }
    let mut outputs: Vec<(String, Vec<u8>)> = Vec::new();
    for (name, size) in PNGS {
        outputs.push(((*name).to_owned(), png(&resize(&source, *size))?));
    }
    outputs.push(("icon.ico".to_owned(), ico(&source)?));
    outputs.push(("icon.icns".to_owned(), icns(&source)?));

    let mut drift = Vec::new();
    for (name, bytes) in outputs {
        let path = dir.join(&name);
        if check {
            if std::fs::read(&path).ok().as_deref() != Some(bytes.as_slice()) {
                drift.push(path);
            }
        } else {
            std::fs::write(&path, bytes)?;
        }
    }
    Ok(drift)
}

fn resize(source: &RgbaImage, size: u32) -> RgbaImage {
    image::imageops::resize(source, size, size, FilterType::Lanczos3)
}

fn png(image: &RgbaImage) -> image::ImageResult<Vec<u8>> {
    let mut out = Cursor::new(Vec::new());
    DynamicImage::ImageRgba8(image.clone()).write_to(&mut out, ImageFormat::Png)?;
    Ok(out.into_inner())
}

fn ico(source: &RgbaImage) -> image::ImageResult<Vec<u8>> {
    use image::codecs::ico::{IcoEncoder, IcoFrame};
    let frames = ICO_SIZES
        .iter()
        .map(|&size| {
            let img = resize(source, size);
            IcoFrame::as_png(img.as_raw(), size, size, image::ExtendedColorType::Rgba8)
        })
        .collect::<image::ImageResult<Vec<_>>>()?;
    let mut out = Vec::new();
    IcoEncoder::new(&mut out).encode_images(&frames)?;
    Ok(out)
}

fn icns(source: &RgbaImage) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let mut family = icns::IconFamily::new();
    for &size in ICNS_SIZES {
        let img = resize(source, size);
        let image = icns::Image::from_data(icns::PixelFormat::RGBA, size, size, img.into_raw())?;
        family.add_icon(&image)?;
    }
    let mut out = Vec::new();
    family.write(&mut out)?;
    Ok(out)
}
