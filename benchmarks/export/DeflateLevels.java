import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;

/**
 * Speed and ratio of the JVM's deflater (the zlib that writes the export ZIP) at several levels on one file,
 * fed in the 8000-byte pieces the JSON writer hands over. Run: java DeflateLevels.java FILE
 */
public class DeflateLevels {

    public static void main(String[] args) throws Exception {
        byte[] data = Files.readAllBytes(Path.of(args[0]));
        byte[] out = new byte[1 << 16];
        int[] levels = {1, 2, 3, 4, 6, 9};
        for (int round = 0; round < 2; round++) {
            for (int level : levels) {
                Deflater deflater = new Deflater(level, true);
                long start = System.nanoTime();
                long size = 0;
                for (int offset = 0; offset < data.length; offset += 8000) {
                    deflater.setInput(data, offset, Math.min(8000, data.length - offset));
                    while (!deflater.needsInput()) {
                        size += deflater.deflate(out);
                    }
                }
                deflater.finish();
                while (!deflater.finished()) {
                    size += deflater.deflate(out);
                }
                deflater.end();
                double seconds = (System.nanoTime() - start) / 1e9;
                if (round == 1) { // the first round warms the JIT up
                    System.out.printf("  deflate level %d: %.2f s, %.1f MB/s, ratio %.2f%n",
                            level, seconds, data.length / 1e6 / seconds, (double) data.length / size);
                }
            }
        }
    }
}
