package org.healbms.drivers.ltc681x;

import org.healbms.drivers.acquisition.Calibration;

/** Where one cell is wired: IC in the chain (0 = nearest the controller) and its cell input (1-based). */
public record CellInput(int cell, int ic, int input, Calibration calibration) {}
