package dev.eddy.recsys.train;

import ai.djl.Device;
import ai.djl.engine.Engine;

/** Turns "auto", "cpu", "gpu" or "gpu:N" into a DJL device; auto takes the first GPU DJL sees, else the CPU. */
public final class DeviceSelector {
    private DeviceSelector() {}

    public static void checkName(String name) {
        if (name == null || !(name.equals("auto") || name.equals("cpu") || name.equals("gpu") || name.matches("gpu:\\d+"))) {
            throw new IllegalArgumentException("device must be auto, cpu, gpu or gpu:N, was '" + name + "'");
        }
    }

    public static Device resolve(String name) {
        checkName(name);
        int gpus = Engine.getInstance().getGpuCount();
        if (name.equals("auto")) return gpus > 0 ? Device.gpu() : Device.cpu();
        if (name.equals("cpu")) return Device.cpu();
        int id = name.equals("gpu") ? 0 : Integer.parseInt(name.substring(4));
        if (id >= gpus) {
            throw new IllegalArgumentException("device " + name + " asked for, but DJL sees " + gpus + " GPU(s)"
                    + (gpus == 0 ? " (a CUDA build needs -Pcuda)" : ""));
        }
        return Device.gpu(id);
    }
}
