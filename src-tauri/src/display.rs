//! How WebKitGTK draws the window on Linux.
//!
//! WebKitGTK 2.42+ draws web content into DMA-BUF buffers shared with the UI process. With a
//! GPU that is fast; without one (a VM, a remote X or VNC session, a jump host, Xvfb) Mesa
//! falls back to software OpenGL behind those buffers and every frame is slow: in the
//! benchmark (`tests/benches/browse.rs`) an `<input>` with no script at all took 59–81 ms
//! from a keystroke to its next frame, against 4–5 ms with WebKit's own non-GL renderer, and
//! the app's processes held ~100 MiB more. So when the machine has no GPU render node, the
//! app asks WebKit for that renderer (`WEBKIT_DISABLE_DMABUF_RENDERER=1`) before any of it
//! starts. With a render node nothing changes: turning the DMA-BUF renderer off there would
//! give up the GPU. A value the user set is always kept.

use std::path::Path;

/// WebKitGTK's switch for its DMA-BUF renderer.
pub const DISABLE_DMABUF: &str = "WEBKIT_DISABLE_DMABUF_RENDERER";

/// Whether to turn the DMA-BUF renderer off: nobody chose already, and `dri` (normally
/// `/dev/dri`) holds no render node (`renderD128`, ...), the device GPU rendering goes through.
pub fn disable_dmabuf_renderer(dri: &Path, already_chosen: bool) -> bool {
    if already_chosen {
        return false;
    }
    let has_render_node = std::fs::read_dir(dri).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|entry| entry.file_name().to_string_lossy().starts_with("renderD"))
    });
    !has_render_node
}

/// Applies [`disable_dmabuf_renderer`] to this process. Call it first thing in `main`, while
/// the process has one thread (changing the environment later races readers in other threads).
#[allow(unsafe_code)]
pub fn choose_renderer() {
    if cfg!(target_os = "linux")
        && disable_dmabuf_renderer(
            Path::new("/dev/dri"),
            std::env::var_os(DISABLE_DMABUF).is_some(),
        )
    {
        // SAFETY: called from `main` before any other thread exists (see above).
        unsafe { std::env::set_var(DISABLE_DMABUF, "1") };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_dri_directory_means_no_gpu() {
        let dir = tempfile::tempdir().unwrap();
        assert!(disable_dmabuf_renderer(&dir.path().join("dri"), false));
    }

    #[test]
    fn a_card_without_a_render_node_is_no_gpu_for_webkit() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("card0"), "").unwrap();
        assert!(disable_dmabuf_renderer(dir.path(), false));
    }

    #[test]
    fn a_render_node_keeps_the_gpu_renderer() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("card0"), "").unwrap();
        std::fs::write(dir.path().join("renderD128"), "").unwrap();
        assert!(!disable_dmabuf_renderer(dir.path(), false));
    }

    #[test]
    fn the_users_choice_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        assert!(!disable_dmabuf_renderer(&dir.path().join("dri"), true));
    }
}
